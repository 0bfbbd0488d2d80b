import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Redactor } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const MAX_BYTES = 5 * 1024 * 1024;

export interface Logger {
  readonly redactor: Redactor;
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

export interface LoggerOptions {
  /** JSON lines go here (created 0600); rotated to `.1` past 5 MiB. */
  file?: string;
  level?: LogLevel;
  /** Also echo warnings and errors, redacted, to stderr. */
  echo?: boolean;
  redactor?: Redactor;
}

/** A JSON-lines logger whose every field and message passes through the redactor first. */
export function createLogger(opts: LoggerOptions, scope = 'sahel'): Logger {
  const redactor = opts.redactor ?? new Redactor();
  const min = LEVELS[opts.level ?? 'info'];
  if (opts.file) mkdirSync(dirname(opts.file), { recursive: true, mode: 0o700 });
  let written = opts.file ? safeSize(opts.file) : 0;

  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < min) return;
    const line = `${JSON.stringify({
      t: new Date().toISOString(),
      level,
      scope,
      msg: redactor.text(msg),
      ...(fields ? (redactor.value(fields) as Record<string, unknown>) : {}),
    })}\n`;
    if (opts.file) {
      if (written + line.length > MAX_BYTES) {
        renameSync(opts.file, `${opts.file}.1`);
        written = 0;
      }
      appendFileSync(opts.file, line, { mode: 0o600 });
      written += line.length;
    }
    if (opts.echo && LEVELS[level] >= LEVELS.warn) process.stderr.write(`${level}: ${redactor.text(msg)}\n`);
  };

  return {
    redactor,
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (sub) => createLogger({ ...opts, redactor }, `${scope}.${sub}`),
  };
}

function safeSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
