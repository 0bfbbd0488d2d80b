import { main } from './main.js';

// The one place the CLI reads the process's argv and environment.
main(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`sahel: ${(err as Error)?.message ?? String(err)}\n`);
    process.exit(1);
  },
);
