import type {
  AdapterChoice,
  AppliedAdapter,
  EngineStatus,
  FitVerdict,
  GpuLayersChoice,
  Hardware,
  LoadedModelInfo,
  LoraAdapterItem,
} from '../../src-shared/domain/models.js';
import { licenceExpiredLabel } from '../../src-shared/domain/models.js';
import { SahelError } from '../../src-shared/errors.js';
import type { Logger } from '../platform/index.js';
import type { VaultAdapters } from './adapters.js';
import { EngineError, EngineHost, type EngineHostOptions } from './engine/host/engine-host.js';
import type { LoraSource } from './engine/protocol.js';
import { fittingSequences, judgeFit, memoryNeeded } from './hardware.js';
import { expiredAt, type ItemLicences } from './licences.js';
import type { LoadTarget } from './models/load-target.js';

export interface LlmServiceOptions {
  log: Logger;
  /** 'cpu' never probes GPUs (tests; a user who turned the GPU off). */
  gpu?: 'auto' | 'cpu';
  engine?: Omit<EngineHostOptions, 'gpu' | 'logger'>;
  /** Every change of the engine's state: loads, unloads, crashes and recoveries. */
  onStatus(status: EngineStatus): void;
  /** How often a loaded engine is checked for having died (default 1 s). */
  watchMs?: number;
  /** Where LoRA adapters come from (the vault); without it a load with adapters is refused. */
  adapters?: VaultAdapters;
  /** Most conversations kept evaluated at once (default 4), fewer where memory is short. */
  maxSequences?: number;
  /** Bought vault items' licences: a loaded model or adapter whose licence ends is unloaded. */
  licences?: ItemLicences;
}

export interface UseOptions {
  gpuLayers?: GpuLayersChoice;
  contextSize?: number;
  threads?: number;
  adapters?: AdapterChoice[];
}

/** The context a model gets unless the caller asks for another: enough for chat, cheap in memory. */
export const DEFAULT_CONTEXT = 8192;
/** Conversations kept warm at once when memory allows: switching among them re-evaluates nothing. */
export const DEFAULT_SEQUENCES = 4;
const HARDWARE_TTL_MS = 10_000;

/**
 * The one engine of this owner process and what it holds. Chat and retrieval receive this object
 * from core.ts and generate through `engine()`; the model manager loads and unloads through it. The
 * host restarts a crashed engine and reloads the last model on the next request by itself: this
 * object watches for that and reports 'crashed' and then 'ready' again.
 */
export class LlmService {
  private host: EngineHost | undefined;
  private current: LoadedModelInfo | null = null;
  private state: EngineStatus['state'] = 'stopped';
  private loadingId: string | null = null;
  private error: string | null = null;
  private backend: Hardware['backend'] | null = null;
  private hw: { at: number; value: Promise<Hardware> } | undefined;
  private watch: NodeJS.Timeout | undefined;
  /** The vault items the loaded model runs on (a model from the vault, its adapters), by name. */
  private fromVault: { itemId: string; name: string }[] = [];

  constructor(private readonly opts: LlmServiceOptions) {}

  /** The engine host, started on first use. */
  engine(): EngineHost {
    this.host ??= new EngineHost({
      gpu: this.opts.gpu ?? 'auto',
      logger: this.opts.log,
      ...this.opts.engine,
    });
    return this.host;
  }

  /** The model the engine holds (or will reload after a crash), or null. */
  loaded(): LoadedModelInfo | null {
    return this.current;
  }

  status(): EngineStatus {
    return {
      state: this.state,
      model: this.current,
      loading: this.loadingId,
      backend: this.backend,
      error: this.error,
      gpuFallback: this.host?.gpuFallback ?? null,
    };
  }

  hardware(): Promise<Hardware> {
    const now = Date.now();
    if (!this.hw || now - this.hw.at > HARDWARE_TTL_MS) {
      const value = this.engine()
        .hardware()
        .then((info) => {
          this.backend = info.backend;
          return info;
        });
      value.catch(() => {
        this.hw = undefined;
      });
      this.hw = { at: now, value };
    }
    return this.hw.value.catch((err) => {
      throw toSahel(err);
    });
  }

  /** Memory a model needs at a context size, judged against this machine. */
  async fit(
    target: Pick<LoadTarget, 'fileBytes' | 'meta'>,
    contextSize = DEFAULT_CONTEXT,
  ): Promise<FitVerdict> {
    const hw = await this.hardware().catch(() => null);
    return judgeFit(hw, memoryNeeded(target.fileBytes, target.meta, contextSize));
  }

  /** Loads a model in place of the current one, refusing one this machine cannot hold. */
  async load(target: LoadTarget, options: UseOptions = {}): Promise<EngineStatus> {
    try {
      return await this.loadTarget(target, options);
    } finally {
      // What making the target decrypted and no load took (a refusal before the engine asked for it).
      target.release?.();
    }
  }

  private async loadTarget(target: LoadTarget, options: UseOptions): Promise<EngineStatus> {
    const contextSize = Math.min(
      options.contextSize ?? DEFAULT_CONTEXT,
      target.meta?.contextLength ?? Infinity,
    );
    const choices = options.adapters ?? [];
    // Checked before anything changes: a locked vault or a wrong item leaves the current model as it is.
    const applied = choices.length > 0 ? this.adapterStore().resolve(choices, target.id) : [];
    const hw = await this.hardware().catch(() => null);
    const verdict = judgeFit(hw, memoryNeeded(target.fileBytes, target.meta, contextSize));
    if (verdict.verdict === 'too-big') {
      throw new SahelError('UNAVAILABLE', `${target.name} does not fit: ${verdict.message}`);
    }
    const sequences = fittingSequences(
      hw,
      target.fileBytes,
      target.meta,
      contextSize,
      this.opts.maxSequences ?? DEFAULT_SEQUENCES,
    );
    const source = choices.length > 0 ? this.loraSource(choices) : undefined;
    this.set({ state: 'loading', loadingId: target.id, error: null });
    try {
      const m = await this.engine().load({
        modelPath: target.path,
        gpuLayers: options.gpuLayers ?? 'auto',
        contextSize,
        sequences,
        ...(options.threads ? { threads: options.threads } : {}),
        ...(source ? { lora: source.lora } : {}),
        ...(target.file ? { modelFile: target.file } : {}),
      });
      this.fromVault = [
        ...(target.itemId ? [{ itemId: target.itemId, name: target.name }] : []),
        ...applied.map((a) => ({ itemId: a.itemId, name: a.name })),
      ];
      this.current = {
        id: target.id,
        name: target.name,
        path: target.path,
        gpuLayers: m.gpuLayers,
        contextSize: m.contextSize,
        threads: m.threads,
        sizeBytes: m.sizeBytes,
        adapters: applied,
        sequences: m.sequences,
      };
      this.set({ state: 'ready', loadingId: null, error: null });
      this.startWatch();
      return this.status();
    } catch (err) {
      this.current = null;
      const e = source?.failure() ?? refusedAdapters(err, applied, target.name) ?? toSahel(err);
      // The host would otherwise bring back the previous model on the next request, behind a status
      // that says none is loaded (and with adapters the user just replaced).
      this.stopWatch();
      await this.host?.unload().catch(() => {});
      this.set({ state: 'failed', loadingId: null, error: e.message });
      throw e;
    }
  }

  /** Vault items marked as LoRA adapters (the vault must be unlocked). */
  listAdapters(modelId?: string): LoraAdapterItem[] {
    return this.adapterStore().list(modelId);
  }

  private adapterStore(): VaultAdapters {
    if (!this.opts.adapters) throw new SahelError('UNAVAILABLE', 'LoRA adapters are not available here.');
    return this.opts.adapters;
  }

  /**
   * Decrypts the adapters for each load the host makes (a reload after a crash too). A failure there
   * (the vault locked since) reaches the engine's caller as a load failure saying why; the first
   * load reports the vault's own typed error.
   */
  private loraSource(choices: AdapterChoice[]): { lora: LoraSource; failure(): SahelError | undefined } {
    const store = this.adapterStore();
    let failure: SahelError | undefined;
    const lora: LoraSource = async () => {
      try {
        return await store.materialize(choices);
      } catch (err) {
        failure = SahelError.is(err) ? err : toSahel(err);
        throw new EngineError('model-load-failed', `The LoRA adapters could not be read: ${failure.message}`);
      }
    };
    return { lora, failure: () => failure };
  }

  /**
   * LoRA adapters and models kept in the vault are vault data: when the vault locks, a model running
   * from the vault or with adapters is unloaded, as the rest of what the vault decrypted leaves memory
   * (the status says why).
   */
  async vaultLocked(): Promise<void> {
    const model = this.current;
    if (!model || (model.adapters.length === 0 && !model.path.startsWith('vault:'))) return;
    this.stopWatch();
    this.current = null;
    this.fromVault = [];
    if (this.host) await this.host.unload().catch(() => {});
    this.set({
      state: 'stopped',
      loadingId: null,
      error: model.path.startsWith('vault:')
        ? 'Unloaded when the vault locked: the model is kept in the vault. Unlock and load it again.'
        : 'Unloaded when the vault locked: its LoRA adapters are kept in the vault. Unlock and load it again.',
    });
  }

  async unload(): Promise<EngineStatus> {
    this.stopWatch();
    this.current = null;
    if (this.host) await this.host.unload().catch(() => {});
    this.set({ state: 'stopped', loadingId: null, error: null });
    return this.status();
  }

  async dispose(): Promise<void> {
    this.stopWatch();
    await this.host?.dispose();
  }

  private set(patch: { state: EngineStatus['state']; loadingId: string | null; error: string | null }): void {
    this.state = patch.state;
    this.loadingId = patch.loadingId;
    this.error = patch.error;
    this.opts.onStatus(this.status());
  }

  /** The host forgets its model when the engine dies and gets it back on the next request. */
  private startWatch(): void {
    this.stopWatch();
    this.watch = setInterval(() => {
      if (this.state === 'ready' && this.endLicensed()) return;
      const alive = this.host?.loaded !== undefined;
      if (this.state === 'ready' && !alive) {
        this.set({
          state: 'crashed',
          loadingId: null,
          error: 'The model engine stopped; it restarts with the next request.',
        });
      } else if (this.state === 'crashed' && alive) {
        this.set({ state: 'ready', loadingId: null, error: null });
        // A GPU failure may have moved the engine to another backend: the status names the new one.
        if (this.host?.gpuFallback) this.reprobe();
      }
    }, this.opts.watchMs ?? 1000);
    this.watch.unref();
  }

  /**
   * A licence of a bought model or adapter the engine holds has ended (asked every watch tick): the
   * model is unloaded and the status says why. The unload waits in the engine's queue behind a reply
   * being generated at that moment, which finishes; nothing asked after it runs on the model.
   */
  private endLicensed(): boolean {
    for (const part of this.fromVault) {
      const at = expiredAt(this.opts.licences, part.itemId);
      if (at === null) continue;
      this.stopWatch();
      this.current = null;
      this.fromVault = [];
      void this.host?.unload().catch(() => {});
      this.set({
        state: 'stopped',
        loadingId: null,
        error: `Unloaded: "${part.name}" has its ${licenceExpiredLabel(at)}. It stays in your vault until you delete it.`,
      });
      return true;
    }
    return false;
  }

  private reprobe(): void {
    this.hw = undefined;
    this.hardware().then(
      () => this.opts.onStatus(this.status()),
      () => {},
    );
  }

  private stopWatch(): void {
    clearInterval(this.watch);
    this.watch = undefined;
  }
}

/** llama.cpp checks an adapter's architecture and tensor shapes against the model and refuses a mismatch. */
function refusedAdapters(err: unknown, applied: AppliedAdapter[], model: string): SahelError | undefined {
  if (!(err instanceof EngineError) || err.code !== 'model-load-failed' || applied.length === 0)
    return undefined;
  if (!/lora/i.test(err.message)) return undefined;
  const names = applied.map((a) => `"${a.name}"`).join(', ');
  return new SahelError(
    'BAD_INPUT',
    `The LoRA adapter ${names} does not fit ${model} (llama.cpp refused it: another architecture or other tensor shapes).`,
  );
}

function toSahel(err: unknown): SahelError {
  if (SahelError.is(err)) return err;
  if (err instanceof EngineError) {
    const code = err.code === 'model-load-failed' || err.code === 'bad-request' ? 'BAD_INPUT' : 'UNAVAILABLE';
    return new SahelError(code, err.message);
  }
  return new SahelError('INTERNAL', 'The local model engine failed unexpectedly');
}
