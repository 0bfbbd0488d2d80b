import type { EngineErrorCode, EngineEvent } from '../protocol.js';

/** Every failure the host reports is one of these; `message` is safe to show to the user. */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode | 'crashed' | 'timeout' | 'disposed',
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** The engine process died (or misbehaved and was killed) while this request was in flight. */
export class EngineCrashedError extends EngineError {
  constructor(message: string) {
    super('crashed', message);
    this.name = 'EngineCrashedError';
  }
}

/** The engine stopped answering; it was killed and restarts on the next request. */
export class EngineTimeoutError extends EngineError {
  constructor(message: string) {
    super('timeout', message);
    this.name = 'EngineTimeoutError';
  }
}

export function unexpected(ev: EngineEvent): EngineError {
  return new EngineCrashedError(`The local model engine answered out of turn (${ev.type}).`);
}

export function asEngineError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  return new EngineError('internal', 'The local model engine failed unexpectedly.');
}
