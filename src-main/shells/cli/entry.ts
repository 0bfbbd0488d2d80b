import { main } from './main.js';

// The one place the CLI reads the process's argv and environment.
main(process.argv.slice(2), process.env).then(finish, (err: unknown) => {
  process.stderr.write(`sahel: ${(err as Error)?.message ?? String(err)}\n`);
  finish(1);
});

/**
 * Exits once stdout and stderr have handed everything to the OS. A pipe takes 64 KiB before its
 * reader catches up; Node queues the rest, and process.exit() right away would drop it. Exiting
 * explicitly (rather than waiting for the loop to empty) still matters: a one-command owner may
 * leave timers behind that would keep the process up.
 */
function finish(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  // A write's callback runs after every write queued before it has been flushed.
  process.stdout.write('', done);
  process.stderr.write('', done);
}
