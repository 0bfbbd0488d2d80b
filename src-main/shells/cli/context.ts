import { resolveDataDir } from '../../platform/paths.js';
import { createOutput, type Output } from './output.js';

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
  return {
    dataDir: resolveDataDir({ flag: flags.dataDir, env: env.SAHEL_HOME }),
    out: createOutput(flags.json === true),
    env: { passphraseFile: env.SAHEL_PASSPHRASE_FILE },
  };
}
