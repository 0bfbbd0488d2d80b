// The agent through core.ts's wiring, at the terminal: one `sahel serve` (its embedded devnet, real
// anvil) whose chat is a script playing a model that tries to pay an address nobody approved. The policy
// holds each send for the user; `sahel agent reject` moves nothing and `approve` moves exactly what was
// reviewed (checked on chain with `cast`); the audit log lists every step and `--verify` catches a
// removed entry. Also: the tools with their schemas, and a policy change.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAST_BIN } from '../../../support/anvil.js';
import { runCli } from '../../../support/cli.js';
import { BUYER_KEY, field, ok } from '../../../support/market-cli.js';
import { type Served, startServe } from '../../../support/sahel-process.js';

const STRANGER = '0x00000000000000000000000000000000000a11ce';
let dir: string;
let dataDir: string;
let served: Served | undefined;

const sahel = (args: string[]) =>
  runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 120_000 });

function balanceOf(rpcUrl: string, address: string): string {
  return execFileSync(CAST_BIN, ['balance', address, '--rpc-url', rpcUrl], { encoding: 'utf8' }).trim();
}

const send = (amount: string) => ({
  reply: '',
  toolCalls: [{ name: 'wallet_send', arguments: { to: STRANGER, amount } }],
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-agent-cli-'));
  dataDir = join(dir, 'data');
  writeFileSync(join(dir, 'pass'), 'agent cli passphrase, long enough\n', { mode: 0o600 });
  writeFileSync(join(dir, 'key'), `${BUYER_KEY}\n`, { mode: 0o600 });
  // The "model": each message makes one send to the stranger, then says it asked.
  const turns = [send('1'), { reply: 'I asked you first.' }, send('2'), { reply: 'I asked you again.' }];
  writeFileSync(join(dir, 'script.json'), JSON.stringify({ turns }));
});

afterAll(async () => {
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('sahel agent', () => {
  it('holds the agent’s sends for the user, moves only what was approved, and audits every step', {
    timeout: 300_000,
  }, async () => {
    ok(await sahel(['vault', 'init']));
    ok(await sahel(['wallet', 'import', '--private-key-file', join(dir, 'key'), '--name', 'Main']));
    served = await startServe(dataDir, [], 'serve', {
      SAHEL_CHAT_PROVIDER: `scripted:${join(dir, 'script.json')}`,
    });
    ok(await sahel(['vault', 'unlock']));
    const rpcUrl = field(ok(await sahel(['--json', 'network', 'status'])).stdout, 'rpcUrl');

    const tools = JSON.parse(ok(await sahel(['--json', 'agent', 'tools'])).stdout) as {
      name: string;
      parameters: { properties?: Record<string, unknown> };
    }[];
    expect(tools.map((t) => t.name)).toContain('wallet_send');
    expect(tools).toHaveLength(12);
    expect(Object.keys(tools.find((t) => t.name === 'wallet_send')?.parameters.properties ?? {})).toEqual(
      expect.arrayContaining(['to', 'amount', 'token']),
    );

    // The first send: held (the stranger is not an approved address), then rejected: nothing moves.
    const first = await sahel(['chat', '--agent', 'pay the stranger']);
    ok(first);
    expect(first.stdout).toContain('I asked you first.');
    expect(first.stderr).toMatch(/wallet_send: pending \(unknown-recipient\): sahel agent approve [0-9a-f]+/);
    const pending = JSON.parse(ok(await sahel(['--json', 'agent', 'approvals'])).stdout) as {
      id: string;
      state: string;
      rule: string;
      moves: { amount: string; to: string }[];
    }[];
    const held = pending.filter((a) => a.state === 'pending');
    expect(held).toHaveLength(1);
    expect(held[0]?.rule).toBe('unknown-recipient');
    expect(held[0]?.moves).toEqual([
      expect.objectContaining({ amount: '1000000000000000000', to: expect.stringMatching(/a11ce$/i) }),
    ]);
    const rejected = ok(await sahel(['--json', 'agent', 'reject', held[0]?.id ?? '']));
    expect(field(rejected.stdout, 'state')).toBe('rejected');
    expect(balanceOf(rpcUrl, STRANGER)).toBe('0');
    // An answered approval cannot be answered again.
    const again = await sahel(['agent', 'approve', held[0]?.id ?? '']);
    expect(again.code).not.toBe(0);
    expect(balanceOf(rpcUrl, STRANGER)).toBe('0');

    // The second: approved by the user, it sends exactly the 2 ETH the card showed.
    const second = ok(await sahel(['chat', '--agent', 'pay again']));
    const id = /sahel agent approve ([0-9a-f]+)/.exec(second.stderr)?.[1] ?? '';
    expect(id).not.toBe('');
    const approved = ok(await sahel(['--json', 'agent', 'approve', id]));
    expect(field(approved.stdout, 'state')).toBe('approved');
    expect(balanceOf(rpcUrl, STRANGER)).toBe('2000000000000000000');

    // The policy is the user's: a limit and an allowed address, each audited.
    ok(await sahel(['agent', 'policy', 'set', 'limit.native.per-action', '0.5']));
    ok(await sahel(['agent', 'policy', 'allow', STRANGER, '--name', 'Alice']));
    const policy = ok(await sahel(['agent', 'policy', 'show'])).stdout;
    expect(policy).toContain('per action 0.5 ETH');
    expect(policy).toMatch(/0x0+a11ce \(Alice\)/i);

    const audit = JSON.parse(ok(await sahel(['--json', 'agent', 'audit'])).stdout) as {
      seq: number;
      action: string;
      decision: string;
    }[];
    const seen = audit.map((e) => `${e.action}:${e.decision}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'wallet_send:pending',
        'wallet_send:rejected',
        'wallet_send:approved',
        'policy.set:allowed',
        'policy.allow:allowed',
      ]),
    );
    // The approved send ran and was mined: the list says it was done, beside the decision.
    expect(ok(await sahel(['agent', 'audit'])).stdout).toMatch(/wallet_send approved, done \(user\)/);
    const verified = ok(await sahel(['agent', 'audit', '--verify']));
    expect(verified.stdout).toMatch(/intact: \d+ entries/);

    // Someone removes an entry behind Sahel's back: --verify names it and exits 1.
    await served.stop();
    served = undefined;
    const db = new Database(join(dataDir, 'sahel.db'));
    const victim = audit.find((e) => e.decision === 'rejected')?.seq ?? 0;
    db.prepare('DELETE FROM agent_audit WHERE seq = ?').run(victim);
    db.close();
    const broken = await sahel(['agent', 'audit', '--verify']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`at entry ${victim}: entry ${victim} was removed`);
  });
});
