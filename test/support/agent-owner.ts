// A `sahel serve` whose chat is a scripted "model", seen from outside the way a user or an auditor would:
// the chain through `cast` (balances, nonce, allowance, the asset registry), the owner through the CLI
// (policy, network, approvals, audit log) and the data dir's files. The agent tests compare these
// before and after each thing the model tries.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { wordlist } from '@scure/bip39/wordlists/english';
import { expect } from 'vitest';
import type { AuditEntry } from '../../src-shared/domain/agent.js';
import { CAST_BIN } from './anvil.js';
import { type CliResult, runCli, succeeded } from './cli.js';

export interface Chain {
  rpcUrl: string;
  token: string;
  registry: string;
  marketplace: string;
}

const cast = (chain: Chain, args: string[]) =>
  execFileSync(CAST_BIN, [...args, '--rpc-url', chain.rpcUrl], { encoding: 'utf8' }).trim();
/** `cast call` prints "1000 [1e3]": the number is the first word. */
const uint = (out: string) => BigInt(out.split(/\s/)[0] ?? '');

export const onChain = {
  native: (c: Chain, who: string) => BigInt(cast(c, ['balance', who])),
  token: (c: Chain, who: string) => uint(cast(c, ['call', c.token, 'balanceOf(address)(uint256)', who])),
  nonce: (c: Chain, who: string) => Number(cast(c, ['nonce', who])),
  allowance: (c: Chain, owner: string, spender: string) =>
    uint(cast(c, ['call', c.token, 'allowance(address,address)(uint256)', owner, spender])),
  assets: (c: Chain) => uint(cast(c, ['call', c.registry, 'totalAssets()(uint256)'])),
};

/** What a case must leave as it was, unless the user approved otherwise: one account on one chain. */
export function chainState(c: Chain, who: string) {
  return {
    native: onChain.native(c, who),
    token: onChain.token(c, who),
    nonce: onChain.nonce(c, who),
    assets: onChain.assets(c),
  };
}

/** The CLI against one data dir, the passphrase from a file (never argv). */
export function cliFor(dataDir: string, passFile: string) {
  const run = (args: string[]): Promise<CliResult> =>
    runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: passFile }, timeoutMs: 120_000 });
  const json = async <T>(args: string[]): Promise<T> =>
    JSON.parse(succeeded(await run(['--json', ...args])).stdout) as T;
  return {
    run,
    json,
    ok: async (args: string[]) => succeeded(await run(args)).stdout,
    /** The audit log oldest first (the CLI gives the newest first). */
    audit: async () => (await json<AuditEntry[]>(['agent', 'audit', '--limit', '1000'])).reverse(),
    pending: async () =>
      (await json<{ id: string; state: string }[]>(['agent', 'approvals'])).filter(
        (a) => a.state === 'pending',
      ),
  };
}

/** Every file under a dir, as relative paths, sorted. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** The embedded devnet's contracts (a fixed deployer and nonce make them the same on every run). */
export const DEVNET_CONTRACTS = {
  paymentToken: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  assetRegistry: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  marketplace: '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0',
};

/**
 * The owner's devnet as `sahel network status` reports it, its deployment checked to be the one the
 * scripts name (a restarted devnet listens on a new port: ask again after each start).
 */
export async function devnetChain(cli: ReturnType<typeof cliFor>): Promise<Chain> {
  const net = await cli.json<{ rpcUrl: string; contracts: typeof DEVNET_CONTRACTS }>(['network', 'status']);
  expect(net.contracts).toEqual(DEVNET_CONTRACTS);
  return {
    rpcUrl: net.rpcUrl,
    token: DEVNET_CONTRACTS.paymentToken,
    registry: DEVNET_CONTRACTS.assetRegistry,
    marketplace: DEVNET_CONTRACTS.marketplace,
  };
}

/** The data dir's files that hold any of these secrets in the clear. */
export function filesHolding(dir: string, secrets: string[]): string[] {
  return filesUnder(dir).filter((f) => {
    const bytes = readFileSync(join(dir, f));
    return secrets.some((s) => bytes.includes(s));
  });
}

const WORDS = new Set(wordlist);

/** Whether the text holds 12 words in a row that are all recovery-phrase words (any phrase, not only ours). */
export function hasPhraseRun(text: string, run = 12): boolean {
  let streak = 0;
  for (const w of text.toLowerCase().split(/[^a-z]+/)) {
    if (w === '') continue;
    streak = WORDS.has(w) ? streak + 1 : 0;
    if (streak >= run) return true;
  }
  return false;
}

/** The audit entries written since `after` (a seq), as "action:decision:rule". */
export function decisionsOf(entries: AuditEntry[], after: number): string[] {
  return entries.filter((e) => e.seq > after).map((e) => `${e.action}:${e.decision}:${e.rule}`);
}

/** The audit log's last seq (0 when empty). */
export const lastSeq = (entries: AuditEntry[]) => entries.at(-1)?.seq ?? 0;

/** Checks the chain of hashes through the CLI: it stays intact whatever the model tried. */
export async function expectIntact(cli: ReturnType<typeof cliFor>): Promise<void> {
  expect(await cli.ok(['agent', 'audit', '--verify'])).toMatch(/intact: \d+ entries/);
}
