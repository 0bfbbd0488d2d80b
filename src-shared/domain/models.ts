import { z } from 'zod';

/** A model id: lower-case letters, digits, dots, dashes and underscores (safe as a file name). */
export const ModelId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}$/, 'a model id');
export type ModelId = z.infer<typeof ModelId>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in lower-case hex');
const bytes = z.number().int().nonnegative();

/** What a model is for: chatting (an instruct model) or turning text into vectors for retrieval. */
export const ModelPurpose = z.enum(['chat', 'embedding']);
export type ModelPurpose = z.infer<typeof ModelPurpose>;

/** `hf:owner/repo/path/to/file.gguf`: a file of a Hugging Face repository, at its main branch. */
export const HfUri = z
  .string()
  .max(400)
  .regex(/^hf:[\w.-]+\/[\w.-]+\/(?:[\w.-]+\/)*[\w.-]+\.gguf$/, 'an hf:owner/repo/file.gguf URI')
  .refine(
    (u) =>
      !u
        .slice(3)
        .split('/')
        .some((s) => s === '.' || s === '..'),
    'an hf: URI without . or .. parts',
  );

/**
 * One recommended model of resources/models/catalog.json. Sizes are the published file sizes,
 * rounded as the model pages show them; they drive the fit verdict, not the download's size check.
 * `sha256` is set only where the hash was taken from the publisher; otherwise (`verify: 'hf-etag'`)
 * the download checks the sha256 Hugging Face sends with the file (its LFS object id).
 */
export const CatalogEntry = z.strictObject({
  id: ModelId,
  name: z.string().min(1).max(120),
  family: z.string().min(1).max(60),
  parameters: z.string().regex(/^\d+(\.\d+)?B$/, 'e.g. 3B or 0.5B'),
  quantization: z.string().min(1).max(20),
  uri: HfUri,
  sizeBytes: bytes.min(1),
  sha256: Sha256.nullable(),
  verify: z.enum(['sha256', 'hf-etag']),
  licence: z.string().min(1).max(80),
  licenceUrl: z.url(),
  /** Memory the model needs at its default context (file + KV cache + overhead), rounded up. */
  ramBytes: bytes.min(1),
  contextLength: z.number().int().positive(),
  toolCalling: z.boolean(),
  description: z.string().max(300),
  /** Absent: a chat model. */
  purpose: ModelPurpose.optional(),
  /** Where `sizeBytes` and `sha256` were read (resources/models/README.md lists them). */
  source: z.string().max(300).optional(),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

export const Catalog = z
  .strictObject({ version: z.literal(1), models: z.array(CatalogEntry).min(1) })
  .refine((c) => new Set(c.models.map((m) => m.id)).size === c.models.length, 'catalog ids must be unique')
  .refine(
    (c) => c.models.every((m) => (m.verify === 'sha256') === (m.sha256 !== null)),
    "an entry has a sha256 exactly when it says verify: 'sha256'",
  )
  .refine(
    (c) => c.models.every((m) => m.sha256 === null || (m.source ?? '').length > 0),
    'a pinned sha256 names where it was read (source)',
  );
export type Catalog = z.infer<typeof Catalog>;

export const Backend = z.enum(['cuda', 'vulkan', 'metal', 'cpu']);
export type Backend = z.infer<typeof Backend>;

export const Hardware = z.object({
  backend: Backend,
  gpuNames: z.array(z.string()),
  vram: z.object({ total: bytes, free: bytes }),
  ram: z.object({ total: bytes, free: bytes }),
  cpuThreads: z.number().int().nonnegative(),
  cpuMathCores: z.number().int().nonnegative(),
});
export type Hardware = z.infer<typeof Hardware>;

/** Whether a model is expected to run here: 'tight' runs but leaves little for everything else. */
export const FitVerdict = z.object({
  verdict: z.enum(['fits', 'tight', 'too-big', 'unknown']),
  needBytes: bytes,
  haveBytes: bytes,
  message: z.string(),
});
export type FitVerdict = z.infer<typeof FitVerdict>;

export const ModelState = z.enum(['downloading', 'paused', 'failed', 'ready', 'missing']);
export type ModelState = z.infer<typeof ModelState>;

/** A model this machine has, or is fetching. */
export const InstalledModel = z.object({
  id: ModelId,
  name: z.string(),
  /** 'vault': a GGUF kept encrypted in the vault (bought, or marked as model weights), decrypted for a load only. */
  source: z.enum(['catalog', 'url', 'import', 'vault']),
  catalogId: ModelId.nullable(),
  url: z.string().nullable(),
  path: z.string(),
  /** The file is Sahel's (downloaded): removing the model deletes it. Imports are only forgotten. */
  owned: z.boolean(),
  state: ModelState,
  bytes: bytes,
  sizeBytes: bytes.nullable(),
  sha256: Sha256.nullable(),
  error: z.string().nullable(),
  architecture: z.string().nullable(),
  contextLength: z.number().int().nonnegative().nullable(),
  loaded: z.boolean(),
  created: z.string(),
  /** Chat models load into the engine; embedding models feed retrieval (never offered for chat). */
  purpose: ModelPurpose,
  /** This is the embedding model retrieval uses now. */
  embedding: z.boolean(),
  /** A model from the vault bought under a licence that has ended: when (ISO); it cannot be loaded. */
  licenceExpired: z.string().nullable().optional(),
});
export type InstalledModel = z.infer<typeof InstalledModel>;

export const ModelProgress = z.object({
  id: ModelId,
  state: ModelState,
  bytes: bytes,
  total: bytes.nullable(),
  /** Bytes per second, smoothed. */
  speed: z.number().nonnegative(),
  /** Seconds left, when the total is known. */
  eta: z.number().nonnegative().nullable(),
  error: z.string().nullable(),
});
export type ModelProgress = z.infer<typeof ModelProgress>;

export const GpuLayersChoice = z.union([
  z.number().int().min(0).max(1000),
  z.literal('auto'),
  z.literal('max'),
]);
export type GpuLayersChoice = z.infer<typeof GpuLayersChoice>;

/** A vault item id (as the vault issues them). */
const VaultItemId = z.string().min(1).max(100);

/**
 * A LoRA adapter to apply at load: a vault item marked as one, and its strength (1: as trained, 0:
 * no effect). Values far past 1 are allowed (some adapters are trained weak) but bounded.
 */
export const AdapterChoice = z.strictObject({
  itemId: VaultItemId,
  scale: z.number().min(0).max(8).default(1),
});
export type AdapterChoice = z.infer<typeof AdapterChoice>;

/** An adapter the loaded model runs with, named as the vault names it. */
export const AppliedAdapter = z.object({ itemId: VaultItemId, name: z.string(), scale: z.number() });
export type AppliedAdapter = z.infer<typeof AppliedAdapter>;

/** How a bought item whose licence has ended is labelled, in the UI, the CLI and the errors. */
export function licenceExpiredLabel(expiresAt: string): string {
  return `licence expired ${expiresAt.slice(0, 10)}`;
}

/** A vault item marked as a LoRA adapter, for choosing before a load. */
export const LoraAdapterItem = z.object({
  itemId: VaultItemId,
  name: z.string(),
  size: bytes,
  /** The model it was made for (a model id), or null: any model of its architecture. */
  model: z.string().nullable(),
  /** A bought adapter whose licence has ended: when (ISO); it cannot be applied. Null otherwise. */
  licenceExpired: z.string().nullable(),
});
export type LoraAdapterItem = z.infer<typeof LoraAdapterItem>;

export const LoadedModelInfo = z.object({
  id: ModelId,
  name: z.string(),
  path: z.string(),
  gpuLayers: z.number().int().nonnegative(),
  contextSize: z.number().int().positive(),
  threads: z.number().int().nonnegative(),
  sizeBytes: bytes,
  /** LoRA adapters applied from the vault, in the order given (empty: the base model). */
  adapters: z.array(AppliedAdapter),
  /** Conversations the engine keeps evaluated at once (context sequences), bounded by memory. */
  sequences: z.number().int().positive(),
});
export type LoadedModelInfo = z.infer<typeof LoadedModelInfo>;

/** The engine as the UI sees it; 'crashed' stays until the next load or unload. */
export const EngineStatus = z.object({
  state: z.enum(['stopped', 'loading', 'ready', 'crashed', 'failed']),
  model: LoadedModelInfo.nullable(),
  /** The model being loaded, while state is 'loading'. */
  loading: ModelId.nullable(),
  backend: Backend.nullable(),
  error: z.string().nullable(),
  /** Why the engine runs on the CPU although a GPU was found: its backend crashed it (e.g. a driver too old). */
  gpuFallback: z.string().nullable(),
});
export type EngineStatus = z.infer<typeof EngineStatus>;
