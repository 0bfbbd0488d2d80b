import { resolveDataDir } from '../../platform/index.js';
import { createOutput, type Output, UsageError } from './output.js';

/** What every command gets: the resolved data dir and the output mode. Built once from argv + env. */
export interface CliContext {
  readonly dataDir: string;
  readonly out: Output;
  readonly env: { readonly passphraseFile?: string | undefined };
}

export interface GlobalFlags {
  dataDir?: string;
  json?: boolean;
}

export function buildContext(flags: GlobalFlags, env: NodeJS.ProcessEnv): CliContext {
  // An empty value (an unset shell variable: --data-dir "$DIR") must not quietly mean the default.
  if (flags.dataDir !== undefined && flags.dataDir.trim() === '') {
    throw new UsageError('--data-dir is empty: give a directory, or leave the option out for the default');
  }
  return {
    dataDir: resolveDataDir({ flag: flags.dataDir, env: env.SAHEL_HOME }),
    out: createOutput(flags.json === true),
    env: { passphraseFile: env.SAHEL_PASSPHRASE_FILE },
  };
}
