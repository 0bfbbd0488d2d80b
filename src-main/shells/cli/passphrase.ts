import { CliError } from './output.js';
import { readSecretFile } from './secret-file.js';

export interface PassphraseSources {
  /** `--passphrase-file <path>`. */
  file?: string | undefined;
  /** `SAHEL_PASSPHRASE_FILE`, read by the entry point. */
  envFile?: string | undefined;
}

/**
 * Reads a passphrase the only ways Sahel accepts one: from a file (flag or SAHEL_PASSPHRASE_FILE; the
 * first line, without its newline) or typed at a TTY with echo off. Never from argv, where any user
 * could read it in the process list.
 */
export async function readPassphrase(prompt: string, src: PassphraseSources): Promise<string> {
  const file = src.file ?? src.envFile;
  if (file) return readPassphraseFile(file);
  if (!process.stdin.isTTY) {
    throw new CliError('A passphrase is needed: run in a terminal, or pass --passphrase-file <path>');
  }
  return promptHidden(prompt);
}

export function readPassphraseFile(file: string): string {
  const text = readSecretFile(file, 'passphrase', 64 * 1024);
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  if (!line) throw new CliError(`The passphrase file ${file} is empty`);
  return line;
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new CliError('Cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}
