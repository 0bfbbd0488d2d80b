import type { Logger } from '../../../platform/index.js';
import type { EngineGpu } from '../gpu-failure.js';
import type { Done } from '../protocol.js';

// The engine host's public types, apart from the class so that engine-host.ts holds only behaviour.

export interface EngineHostOptions {
  /** 'cpu' never probes for GPU backends (tests, or a user who turned the GPU off); a named backend is used if present. */
  gpu?: EngineGpu;
  /** A generation with no token for this long is a hang (default 60 s; the first token included). */
  tokenTimeoutMs?: number;
  /** Starting the process or loading a model with no answer for this long is a hang (default 120 s). */
  loadTimeoutMs?: number;
  /** Any other request (hardware, unload) (default 30 s). */
  requestTimeoutMs?: number;
  logger?: Logger;
}

export interface GenerateHandle<D extends Done = Done> extends AsyncIterable<string> {
  readonly requestId: string;
  /** Resolves when generation ends (cancelled included); rejects with an EngineError. */
  readonly done: Promise<D>;
  /** Stops the generation; `done` then resolves with reason 'cancelled'. Idempotent. */
  cancel(): void;
}

export interface GenerateOptions {
  /** Called for each piece of text as it arrives (an alternative to iterating the handle). */
  onToken?: (text: string) => void;
}
