import { join } from 'node:path';
import type { VaultState } from '../../../../src-shared/domain/vault.js';
import { SahelError } from '../../../../src-shared/errors.js';
import { readKeyFileView } from '../../../vault/index.js';
import type { CliContext } from '../context.js';
import { type ListeningOwner, listeningOwner, notAnswering } from '../owner-socket.js';

/**
 * `sahel vault status`: whether the vault exists, is unlocked, and its (public) age recipient. It
 * loads neither the API contract nor zod nor the core: a running Sahel is asked over its socket and
 * its answer checked by hand; with none running, the vault's key file is read and the database is
 * never opened (so the status shows even when sahel.db is damaged, and nothing is written).
 */
export async function vaultStatusCommand(ctx: CliContext): Promise<void> {
  const owner = await listeningOwner(ctx);
  const state = owner ? await askOwner(ctx, owner) : await fromFiles(ctx.dataDir);
  const running = owner !== undefined;
  ctx.out.result(describeState(state, ctx.dataDir, running), { dataDir: ctx.dataDir, running, ...state });
}

async function askOwner(ctx: CliContext, owner: ListeningOwner): Promise<VaultState> {
  const { connectWire } = await import('../../../api/index.js');
  const conn = await connectWire(owner.socket).catch(() => {
    throw notAnswering(ctx, owner);
  });
  try {
    return checkVaultState(await conn.wire.call('vault.state', {}));
  } finally {
    conn.close();
  }
}

/**
 * What the files say while no Sahel runs. The item count and the auto-lock setting live in sahel.db,
 * left closed: `items` is null and `autoLockMinutes` 0 (nothing is unlocked to lock); no wrong
 * attempts are remembered without an owner, and only the desktop app has a keychain.
 */
async function fromFiles(dataDir: string): Promise<VaultState> {
  const view = await readKeyFileView(join(dataDir, 'vault'));
  return {
    ...view,
    items: null,
    retryAfter: 0,
    autoLockMinutes: 0,
    deviceUnlock: 'unavailable',
    deviceUnlockNote: null,
    unreadable: [],
    damaged: [],
  };
}

const STATES: readonly VaultState['state'][] = ['uninitialised', 'locked', 'unlocked'];
const DEVICE: readonly VaultState['deviceUnlock'][] = ['unavailable', 'available', 'enabled'];

/**
 * The owner's answer checked as the contract's VaultState schema would (a test holds the two to the
 * same verdicts), by hand so that zod stays unloaded. Unknown keys are dropped.
 */
export function checkVaultState(value: unknown): VaultState {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const ok =
    STATES.includes(v.state as VaultState['state']) &&
    stringOrNull(v.recipient) &&
    (v.items === null || count(v.items)) &&
    typeof v.retryAfter === 'number' &&
    Number.isFinite(v.retryAfter) &&
    v.retryAfter >= 0 &&
    count(v.autoLockMinutes) &&
    DEVICE.includes(v.deviceUnlock as VaultState['deviceUnlock']) &&
    stringOrNull(v.deviceUnlockNote) &&
    strings(v.unreadable) &&
    strings(v.damaged) &&
    stringOrNull(v.problem);
  if (!ok) {
    throw new SahelError(
      'INTERNAL',
      'The running Sahel gave a malformed answer to vault.state: is it the same version as this command (sahel --version)?',
    );
  }
  const s = v as unknown as VaultState;
  return {
    state: s.state,
    recipient: s.recipient,
    items: s.items,
    retryAfter: s.retryAfter,
    autoLockMinutes: s.autoLockMinutes,
    deviceUnlock: s.deviceUnlock,
    deviceUnlockNote: s.deviceUnlockNote,
    unreadable: [...s.unreadable],
    damaged: [...s.damaged],
    problem: s.problem,
  };
}

const stringOrNull = (x: unknown) => x === null || typeof x === 'string';
const count = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const strings = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');

export function describeState(s: VaultState, dataDir: string, running: boolean): string {
  const what = {
    uninitialised: 'not set up (run sahel vault init)',
    locked: 'locked',
    unlocked: 'unlocked',
  }[s.state];
  const lines = [`Vault in ${dataDir}: ${what}`];
  if (s.recipient) lines.push(`  recipient: ${s.recipient}`);
  if (s.items !== null) lines.push(`  items:     ${s.items}`);
  lines.push(
    `  owner:     ${running ? 'a running Sahel (app or serve)' : 'none running (commands open the vault themselves)'}`,
  );
  if (s.retryAfter > 0) lines.push(`  next unlock attempt in ${s.retryAfter} s (after wrong passphrases)`);
  if (s.problem) lines.push(`  problem:   ${s.problem}`);
  if (s.unreadable.length > 0)
    lines.push(
      `  ${countOf(s.unreadable.length)} could not be read (left untouched): ${s.unreadable.join(', ')}`,
    );
  if (s.damaged.length > 0)
    lines.push(`  ${countOf(s.damaged.length)} with a replaced or damaged file: ${s.damaged.join(', ')}`);
  return lines.join('\n');
}

const countOf = (n: number) => (n === 1 ? '1 item' : `${n} items`);
