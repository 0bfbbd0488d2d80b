import { z } from 'zod';
import {
  AdapterChoice,
  CatalogEntry,
  EngineStatus,
  FitVerdict,
  GpuLayersChoice,
  Hardware,
  InstalledModel,
  LoraAdapterItem,
  ModelId,
  ModelPurpose,
} from '../../domain/models.js';
import { RetrievalStatus } from '../../domain/retrieval.js';
import { LocalPath, procedure } from '../define.js';
import { NoInput } from './app.js';

const ById = z.strictObject({ id: ModelId });

export const CatalogItem = CatalogEntry.extend({
  fit: FitVerdict,
  /** The installed model downloaded from this entry, if any. */
  installedId: ModelId.nullable(),
});
export type CatalogItem = z.infer<typeof CatalogItem>;

export const modelsService = {
  catalog: procedure(
    NoInput,
    z.object({ models: z.array(CatalogItem) }),
    'Recommended models, each with whether it fits this machine.',
  ),
  list: procedure(
    NoInput,
    z.object({ models: z.array(InstalledModel) }),
    'Models on this machine and downloads.',
  ),
  pull: procedure(
    z.union([z.strictObject({ catalogId: ModelId }), z.strictObject({ uri: z.string().min(1).max(2000) })]),
    InstalledModel,
    'Starts downloading a catalog model, an hf:owner/repo/file.gguf URI or an http(s) URL.',
  ),
  pause: procedure(ById, InstalledModel, 'Pauses a download; its part is kept.'),
  resume: procedure(ById, InstalledModel, 'Resumes a paused or failed download.'),
  cancel: procedure(ById, z.object({ id: ModelId }), 'Stops a download and deletes its part.'),
  import: procedure(
    z.strictObject({ path: LocalPath, purpose: ModelPurpose.optional() }),
    InstalledModel,
    'Adds a GGUF file from this machine; its purpose from its header when that tells, else as given (default chat).',
    // It reads a GGUF header where the file lies and copies nothing, so the Models page may offer it
    // in a browser on this machine; a server bound to a network address refuses it.
    'same-machine',
  ),
  remove: procedure(
    ById,
    z.object({ id: ModelId }),
    'Forgets a model; deletes the file if Sahel downloaded it.',
  ),
  use: procedure(
    z.strictObject({
      id: ModelId,
      gpuLayers: GpuLayersChoice.optional(),
      contextSize: z.number().int().min(256).max(1_048_576).optional(),
      /** CPU threads for llama.cpp; unless given, the engine leaves some cores to the rest of the app. */
      threads: z.number().int().min(1).max(512).optional(),
      /** LoRA adapters from the vault (unlocked), applied in this order. */
      adapters: z.array(AdapterChoice).max(8).optional(),
    }),
    EngineStatus,
    'Loads a model into the engine (GPU layers: auto unless given), with LoRA adapters from the vault.',
  ),
  adapters: procedure(
    NoInput,
    z.object({ adapters: z.array(LoraAdapterItem) }),
    'Vault items marked as LoRA adapters (the vault must be unlocked).',
  ),
  embedding: procedure(
    NoInput,
    z.object({ id: ModelId.nullable(), retrieval: RetrievalStatus }),
    'The embedding model retrieval uses (none: full-text ranking only), and the retrieval index.',
  ),
  setEmbedding: procedure(
    z.strictObject({ id: ModelId.nullable() }),
    z.object({ id: ModelId.nullable(), retrieval: RetrievalStatus }),
    'Chooses an installed embedding model for retrieval, or none (null); old vectors are dropped.',
  ),
  unload: procedure(NoInput, EngineStatus, 'Unloads the model.'),
  hardware: procedure(NoInput, Hardware, 'GPU backend, VRAM, RAM and CPU of this machine.'),
  status: procedure(NoInput, EngineStatus, 'The engine: which model is loaded, or loading, or why not.'),
} as const;
