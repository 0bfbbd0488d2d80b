import { constants } from 'node:os';

/** The signals that ask a process to stop: Ctrl-C, `kill`, and the terminal closing. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** The exit status a shell reports for a process stopped by `signal` (130 for Ctrl-C). */
export function signalExitCode(signal: StopSignal): number {
  return 128 + constants.signals[signal];
}

let claims = 0;

/**
 * Calls `handler` on every stop signal until the returned function is called. The listeners stay
 * registered for good rather than `once`: signal-exit (which node-llama-cpp's dependencies load into
 * the owner) re-raises a signal when it finds itself the only listener left, and that would kill the
 * process halfway through its cleanup, leaving the lock, the socket and the children behind.
 * A Ctrl-C that a command claimed (`claimInterrupt`) is that command's, not a request to stop.
 */
export function onStopSignal(handler: (signal: StopSignal) => void): () => void {
  const listeners = STOP_SIGNALS.map((signal) => {
    const listener = () => {
      if (signal === 'SIGINT' && claims > 0) return;
      handler(signal);
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}

/**
 * Takes the next Ctrl-C for `listener` (stopping a streamed reply, say) instead of stopping the
 * process; one Ctrl-C only, after which a second one stops as usual. Returns the release function.
 */
export function claimInterrupt(listener: () => void): () => void {
  let active = true;
  const release = () => {
    if (!active) return;
    active = false;
    claims -= 1;
    process.off('SIGINT', fire);
  };
  const fire = () => {
    release();
    listener();
  };
  claims += 1;
  process.on('SIGINT', fire);
  return release;
}
