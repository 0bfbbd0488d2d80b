// Issue 13's crash test: a real `sahel serve` (embedded devnet on real anvil, the demo market) whose
// model is a script, running agent-prompt tasks that send tokens (wallet_send to an allowlisted
// address, within the policy's limits) and buy a demo licence (market_buy), is killed with SIGKILL at
// chosen points and started again. Whatever the point, `cast` shows each transfer and each purchase
// exactly once, and the runs say what became of them. Held actions make their run wait for the
// user's answer (shown by `sahel tasks show`), and a run left waiting by the kill ends expired.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chain, cliFor, DEVNET_CONTRACTS, devnetChain, onChain } from '../../support/agent-owner.js';
import { CAST_BIN } from '../../support/anvil.js';
import { type Served, startServe } from '../../support/sahel-process.js';
import { wsConnect } from '../../support/ws-client.js';

const SLOW = 300_000;
const PASS = 'kill the owner passphrase, long enough';
const FRIEND = '0x000000000000000000000000000000000000f00d';
const DEVNET = DEVNET_CONTRACTS;
const ONE = 10n ** 18n;
/** How long the scripted model thinks before each turn: the window a kill "before the send" lands in. */
const THINK_MS = 4_000;

const send = (tag: string, amount: string) => ({
  match: tag,
  reply: '',
  toolCalls: [{ name: 'wallet_send', arguments: { to: FRIEND, amount, token: 'SAHC' } }],
});
const SCRIPT = {
  delayMs: THINK_MS,
  turns: [
    send('[send-1]', '1'),
    {
      match: '[buy-1]',
      reply: '',
      toolCalls: [{ name: 'market_buy', arguments: { offerId: '1', maxPrice: '30' } }],
    },
    send('[send-2]', '2'),
    // Above the per-action limit: held for the user.
    send('[send-40]', '40'),
    send('[send-50]', '50'),
    send('[send-60]', '60'),
    ...Array.from({ length: 12 }, () => ({ reply: 'Done.' })),
  ],
};

const dir = mkdtempSync(join(tmpdir(), 'sahel-kill-owner-'));
const dataDir = join(dir, 'data');
const cli = cliFor(dataDir, join(dir, 'pass'));
let served: Served | undefined;
let ws: Awaited<ReturnType<typeof wsConnect>> | undefined;
let chain: Chain;
let me: string;

const cast = (...args: string[]) =>
  execFileSync(CAST_BIN, [...args, '--rpc-url', chain.rpcUrl], { encoding: 'utf8' }).trim();
const licences = () =>
  BigInt(cast('call', DEVNET.marketplace, 'licenseCount()(uint256)').split(/\s/)[0] ?? '');
const friend = () => onChain.token(chain, FRIEND);

async function start(): Promise<NonNullable<typeof ws>> {
  served = await startServe(dataDir, [], 'serve', {
    SAHEL_CHAT_PROVIDER: `scripted:${join(dir, 'script.json')}`,
  });
  ws = await wsConnect(served);
  await ws.api.vault.unlock({ passphrase: PASS });
  // A restarted devnet listens on a new port.
  chain = await devnetChain(cli);
  return ws;
}

async function kill(): Promise<void> {
  ws?.close();
  await served?.stop('SIGKILL');
  served = undefined;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A task's runs, oldest first, as status@attempt. */
async function runsOf(id: string): Promise<string[]> {
  const s = await (ws as NonNullable<typeof ws>).api.tasks.show({ id });
  return s.runs.map((r) => `${r.status}@${r.attempt}`).reverse();
}

/** Waits until the task's latest run has this status. */
const reaches = (id: string, status: string) =>
  until(`task ${id} to reach ${status}`, async () => {
    const s = await (ws as NonNullable<typeof ws>).api.tasks.show({ id });
    if (s.runs[0]?.status === status) return s.runs;
    last = JSON.stringify(s.runs.map((r) => [r.status, r.attempt, r.error]));
    return undefined;
  }).catch((err: Error) => {
    throw new Error(`${err.message}; its runs: ${last}`);
  });
let last = '';

async function addPrompt(tag: string, tool: 'wallet_send' | 'market_buy'): Promise<string> {
  const t = await (ws as NonNullable<typeof ws>).api.tasks.add({
    name: tag,
    // Far ahead: the test runs each task now, outside its schedule.
    trigger: { type: 'at', at: Date.now() + 30 * 24 * 3_600_000 },
    missed: 'run-once',
    scope: { tools: [tool], budget: null, expires: null },
    settings: { kind: 'agent-prompt', prompt: `${tag} please` },
  });
  return t.id;
}

beforeAll(async () => {
  writeFileSync(join(dir, 'pass'), `${PASS}\n`, { mode: 0o600 });
  writeFileSync(join(dir, 'script.json'), JSON.stringify(SCRIPT));
  await cli.ok(['vault', 'init']);
  await cli.ok(['wallet', 'create']);
  await start();
  const bal = await cli.json<{ accounts: { address: string }[] }>(['wallet', 'balance']);
  me = bal.accounts[0]?.address ?? '';
  await cli.ok(['agent', 'policy', 'allow', FRIEND, '--name', 'Friend']);
  await cli.ok(['agent', 'policy', 'set', `limit.${DEVNET.paymentToken}.per-action`, '30']);
  await cli.ok(['agent', 'policy', 'set', `limit.${DEVNET.paymentToken}.daily`, '1000']);
  await cli.ok(['agent', 'policy', 'set', `limit.${DEVNET.paymentToken}.task-budget`, '100']);
  await until('the demo offer', async () =>
    BigInt(cast('call', DEVNET.marketplace, 'offerCount()(uint256)').split(/\s/)[0] ?? '0') >= 1n
      ? true
      : undefined,
  );
}, SLOW);

afterAll(async () => {
  ws?.close();
  // A clean stop: the owner stops its devnet's anvil too (a killed one leaves it to the next start).
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the owner killed in the middle of runs that send and buy', () => {
  it('killed while the model thinks (before any send): after restart the runs are cut short and retried, each send and buy done once', {
    timeout: SLOW,
  }, async () => {
    const sendTask = await addPrompt('[send-1]', 'wallet_send');
    const buyTask = await addPrompt('[buy-1]', 'market_buy');
    const lic = licences();
    const mine = onChain.token(chain, me);
    const { api } = ws as NonNullable<typeof ws>;
    await api.tasks.run({ id: sendTask });
    await api.tasks.run({ id: buyTask });
    await reaches(sendTask, 'running');
    await reaches(buyTask, 'running');
    await kill();
    // The kill landed before either act: nothing moved.
    expect(friend()).toBe(0n);
    expect(licences()).toBe(lic);

    await start();
    await reaches(sendTask, 'succeeded');
    await reaches(buyTask, 'succeeded');
    expect(await runsOf(sendTask)).toEqual(['cut-short@1', 'succeeded@2']);
    expect(await runsOf(buyTask)).toEqual(['cut-short@1', 'succeeded@2']);
    expect(friend()).toBe(1n * ONE);
    expect(licences()).toBe(lic + 1n);
    // 1 sent and one licence at 25: exactly once each.
    expect(onChain.token(chain, me)).toBe(mine - 1n * ONE - 25n * ONE);
  });

  it('held sends wait for the user (shown by the CLI): approved → sent once, rejected → nothing', {
    timeout: SLOW,
  }, async () => {
    const approveTask = await addPrompt('[send-40]', 'wallet_send');
    const rejectTask = await addPrompt('[send-50]', 'wallet_send');
    const { api } = ws as NonNullable<typeof ws>;
    const before = friend();
    await api.tasks.run({ id: approveTask });
    await api.tasks.run({ id: rejectTask });
    await reaches(approveTask, 'waiting-approval');
    await reaches(rejectTask, 'waiting-approval');
    const shown = await cli.json<{ runs: { status: string }[] }>(['tasks', 'show', approveTask]);
    expect(shown.runs[0]?.status).toBe('waiting-approval');
    const pending = await cli.json<{ id: string; arguments: { amount: string } }[]>(['agent', 'approvals']);
    const byAmount = (a: string) => pending.find((p) => p.arguments.amount === a)?.id ?? '';
    await cli.ok(['agent', 'approve', byAmount('40')]);
    await cli.ok(['agent', 'reject', byAmount('50')]);
    await reaches(approveTask, 'succeeded');
    await reaches(rejectTask, 'rejected');
    expect(await runsOf(approveTask)).toEqual(['succeeded@1']);
    expect(await runsOf(rejectTask)).toEqual(['rejected@1']);
    expect(friend()).toBe(before + 40n * ONE);
  });

  it('killed after a send was broadcast, before its receipt, with another run waiting for approval: the send lands once; the waiting run ends expired', {
    timeout: SLOW,
  }, async () => {
    const sendTask = await addPrompt('[send-2]', 'wallet_send');
    const heldTask = await addPrompt('[send-60]', 'wallet_send');
    const { api } = ws as NonNullable<typeof ws>;
    const before = friend();
    await api.tasks.run({ id: heldTask });
    await reaches(heldTask, 'waiting-approval');
    // Blocks are no longer mined: the send is broadcast and waits in the pool for its receipt.
    cast('rpc', 'evm_setAutomine', 'false');
    await api.tasks.run({ id: sendTask });
    await until('the send in the pool', async () => {
      const pool = JSON.parse(cast('rpc', 'txpool_status')) as { pending: string };
      return Number(pool.pending) >= 1 ? true : undefined;
    });
    await kill();
    cast('rpc', 'evm_setAutomine', 'true');
    cast('rpc', 'evm_mine');

    const after = await start();
    await reaches(heldTask, 'expired');
    const held = await after.api.tasks.show({ id: heldTask });
    expect(held.runs[0]?.error).toMatch(/^Sahel stopped while this run waited for an approval/);
    const ended = await until('the send task to end', async () => {
      const s = await after.api.tasks.show({ id: sendTask });
      const last = s.runs[0];
      return last && !['queued', 'running'].includes(last.status) && s.runs.length >= 2 ? s.runs : undefined;
    });
    // The cut-short run is retried; its retry finds the run's key and does not send again.
    expect(ended.map((r) => `${r.status}@${r.attempt}`).reverse()).toEqual(['cut-short@1', 'failed@2']);
    expect(ended[0]?.error).toMatch(/^Not run again/);
    // Whatever the restarted devnet kept, the owner's stored transaction lands exactly once.
    await until('the send to land', async () => (friend() > before ? true : undefined), 60_000);
    expect(friend()).toBe(before + 2n * ONE);
    // Nothing of the held 60 moved.
    expect(await cli.pending()).toEqual([]);
  });
});
