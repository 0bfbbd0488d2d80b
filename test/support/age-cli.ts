import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's age, which CI installs: the independent implementation Sahel's files must work with. */
export const AGE = '/usr/bin/age';
export const KEYGEN = '/usr/bin/age-keygen';
export const SCRIPT = '/usr/bin/script';
export const haveAge = existsSync(AGE) && existsSync(KEYGEN);

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/**
 * Runs `age` under `script`, which gives it the terminal it insists on reading passphrases from, and
 * answers every passphrase prompt through stdin. Only file paths appear in the command line.
 */
export function ageWithPassphrase(args: string[], passphrase: string): Promise<void> {
  const command = [AGE, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ['-q', '-e', '-c', command, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    let answered = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const prompts = output.match(/passphrase[^:\n]*:/gi)?.length ?? 0;
      for (; answered < prompts; answered++) child.stdin.write(`${passphrase}\n`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      if (code === 0 && answered > 0) resolve();
      else reject(new Error(`age under script exited ${code} after ${answered} prompt(s)`));
    });
  });
}
