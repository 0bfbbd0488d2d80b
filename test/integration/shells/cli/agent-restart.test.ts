// Approvals live in the owner's memory: an owner that stops with one pending leaves it 'pending' in
// the audit log. Through core.ts's wiring: the next owner, once the vault is unlocked, ends it in the
// log as expired (saying the owner restarted), and the log stays intact.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { BUYER_KEY, ok } from '../../../support/market-cli.js';
import { type Served, startServe } from '../../../support/sahel-process.js';

const STRANGER = '0x00000000000000000000000000000000000a11ce';
let dir: string;
let dataDir: string;
let served: Served | undefined;

const sahel = (args: string[]) =>
  runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 120_000 });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sahel-agent-restart-'));
  dataDir = join(dir, 'data');
  writeFileSync(join(dir, 'pass'), 'agent restart passphrase, long enough\n', { mode: 0o600 });
  writeFileSync(join(dir, 'key'), `${BUYER_KEY}\n`, { mode: 0o600 });
  const turns = [
    { reply: '', toolCalls: [{ name: 'wallet_send', arguments: { to: STRANGER, amount: '1' } }] },
    { reply: 'I asked you.' },
  ];
  writeFileSync(join(dir, 'script.json'), JSON.stringify({ turns }));
});

afterAll(async () => {
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Entry {
  action: string;
  actor: string;
  decision: string;
  result: string;
}

describe('sahel agent across a restart', () => {
  it('an approval pending when the owner stopped is expired in the log at the next unlock', {
    timeout: 300_000,
  }, async () => {
    ok(await sahel(['vault', 'init']));
    ok(await sahel(['wallet', 'import', '--private-key-file', join(dir, 'key'), '--name', 'Main']));
    const env = { SAHEL_CHAT_PROVIDER: `scripted:${join(dir, 'script.json')}` };
    served = await startServe(dataDir, [], 'serve', env);
    ok(await sahel(['vault', 'unlock']));
    const asked = ok(await sahel(['chat', '--agent', 'pay the stranger']));
    const id = /sahel agent approve ([0-9a-f]+)/.exec(asked.stderr)?.[1] ?? '';
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    await served.stop();

    served = await startServe(dataDir, [], 'serve', env);
    ok(await sahel(['vault', 'unlock']));
    const audit = JSON.parse(ok(await sahel(['--json', 'agent', 'audit'])).stdout) as Entry[];
    const about = audit.filter((e) => e.result.includes(id));
    expect(about.map((e) => [e.action, e.actor, e.decision])).toEqual([
      ['wallet_send', 'owner', 'expired'],
      ['wallet_send', 'agent', 'pending'],
    ]);
    expect(about[0]?.result).toContain('the owner restarted before it was answered');
    expect(JSON.parse(ok(await sahel(['--json', 'agent', 'approvals'])).stdout)).toEqual([]);
    expect((await sahel(['agent', 'approve', id])).code).not.toBe(0);
    expect(ok(await sahel(['agent', 'audit', '--verify'])).stdout).toMatch(/intact: \d+ entries/);
  });
});
