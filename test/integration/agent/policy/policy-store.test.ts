import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../src-main/agent/audit/audit-log.js';
import { PolicyStore } from '../../../../src-main/agent/policy/policy-store.js';
import { Sealer } from '../../../../src-main/llm/index.js';
import type { Logger } from '../../../../src-main/platform/index.js';
import { AgentAuditRepo } from '../../../../src-main/store/agent-audit-repo.js';
import { AgentPolicyRepo } from '../../../../src-main/store/agent-policy-repo.js';
import { DEFAULT_POLICY } from '../../../../src-shared/domain/agent.js';
import { SahelError } from '../../../../src-shared/errors.js';
import { silentLogger } from '../../../support/logger.js';
import { tempDir } from '../../../support/tmp.js';
import { openTestVault } from '../../../support/vault.js';

const PASS = 'a long enough test passphrase';
const TOKEN = '0x2222222222222222222222222222222222222222';
const FRIEND = '0xabcdefabcdefabcdefabcdefabcdefabcdefabcd';
const opened: { close(): void }[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

async function setup(dir = tempDir(), create = true) {
  const t = openTestVault(dir);
  opened.push(t);
  if (create) await t.vault.create(PASS);
  else await t.vault.unlock(PASS);
  const warnings: string[] = [];
  const log: Logger = { ...silentLogger(), warn: (msg: string) => warnings.push(msg) };
  const audit = new AuditLog(new AgentAuditRepo(t.db), new Sealer(t.vault));
  const policy = new PolicyStore({ repo: new AgentPolicyRepo(t.db), audit, log, now: () => 0 });
  return { dir, t, audit, policy, warnings };
}

function fails(f: () => unknown): SahelError {
  try {
    f();
  } catch (err) {
    if (err instanceof SahelError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

describe('the agent policy store', () => {
  it('starts at the default, sets limits in base units and numbers, each change audited as the user’s', async () => {
    const { policy, audit } = await setup();
    expect(policy.get()).toEqual(DEFAULT_POLICY);
    policy.set('limit.native.daily', '1.5', { decimals: 18 });
    policy.set(`limit.${TOKEN}.per-action`, '2,000.25', { decimals: 6, symbol: 'USDX' });
    policy.set(`limit.${TOKEN.toUpperCase().replace('0X', '0x')}.task-budget`, '3', { decimals: 6 });
    policy.set('approval-timeout', '60');
    policy.set('max-steps', '4');
    policy.set('max-tool-calls', '9');
    expect(policy.get()).toEqual({
      ...DEFAULT_POLICY,
      limits: [
        { token: 'native', perAction: '0', daily: '1500000000000000000', taskBudget: '0', decimals: 18 },
        // The symbol read with the first limit stays with the token's limits (how the page shows them).
        {
          token: TOKEN,
          perAction: '2000250000',
          daily: '0',
          taskBudget: '3000000',
          decimals: 6,
          symbol: 'USDX',
        },
      ],
      approvalTimeoutSeconds: 60,
      maxSteps: 4,
      maxToolCalls: 9,
    });
    const entries = audit.list({ limit: 10 });
    expect(entries.map((e) => [e.action, e.actor, e.decision, e.rule])).toEqual(
      Array(6).fill(['policy.set', 'user', 'allowed', 'user']),
    );
    expect(entries.at(-1)).toMatchObject({
      arguments: { key: 'limit.native.daily', value: '1.5 (1500000000000000000 base units)' },
    });
    expect(audit.verify()).toEqual({ ok: true, entries: 6 });
  });

  it('refuses an unknown key or a bad value with BAD_INPUT naming the key, changing and logging nothing', async () => {
    const { policy, audit } = await setup();
    const cases: [string, string, number | undefined][] = [
      ['limit.native.weekly', '1', 18],
      ['rpc', 'http://evil', undefined],
      ['limit.native.daily', '1', undefined],
      ['limit.native.daily', '-1', 18],
      ['limit.native.daily', '0.001', 2],
      ['limit.native.daily', '1e9', 18],
      ['max-steps', '0', undefined],
      ['max-steps', '33', undefined],
      ['max-tool-calls', 'many', undefined],
      ['approval-timeout', '9', undefined],
    ];
    for (const [key, value, decimals] of cases) {
      const err = fails(() => policy.set(key, value, decimals === undefined ? {} : { decimals }));
      expect(err.code).toBe('BAD_INPUT');
      expect(err.message).toContain(key);
    }
    expect(fails(() => policy.set('max-steps', '33')).message).toContain('from 1 to 32');
    expect(policy.get()).toEqual(DEFAULT_POLICY);
    expect(audit.list({ limit: 10 })).toEqual([]);
  });

  it('allows and disallows addresses, the name made printable; disallowing an unknown one is NOT_FOUND', async () => {
    const { policy, audit } = await setup();
    policy.allow(FRIEND, 'Ali\u202Ece');
    policy.allow(FRIEND.toUpperCase().replace('0X', '0x'), 'Alice');
    expect(policy.get().allowlist).toEqual([
      {
        address: '0xABcdEFABcdEFabcdEfAbCdefabcdeFABcDEFabCD',
        name: 'Alice',
        addedAt: new Date(0).toISOString(),
      },
    ]);
    expect(audit.list({ limit: 5 }).at(-1)).toMatchObject({
      action: 'policy.allow',
      arguments: { name: 'Ali<U+202E>ce' },
    });
    expect(fails(() => policy.allow('0x1234', 'x')).code).toBe('BAD_INPUT');
    policy.disallow(FRIEND);
    expect(policy.get().allowlist).toEqual([]);
    expect(fails(() => policy.disallow(FRIEND)).code).toBe('NOT_FOUND');
    expect(audit.list({ limit: 5 }).map((e) => e.action)).toEqual([
      'policy.disallow',
      'policy.allow',
      'policy.allow',
    ]);
  });

  it('gives the safe default and a warning for a damaged row, never a crash', async () => {
    const { t, policy, warnings } = await setup();
    policy.set('limit.native.per-action', '5', { decimals: 18 });
    t.db.prepare('UPDATE agent_policy SET value = ?').run('{"limits":[{"token":"native","perAction":"-5"}]}');
    expect(policy.get()).toEqual(DEFAULT_POLICY);
    expect(warnings).toEqual([expect.stringMatching(/damaged/)]);
  });

  it('changes nothing while the vault is locked (the change could not be audited), and keeps changes across a reopen', async () => {
    const { dir, t, policy } = await setup();
    policy.set('max-steps', '3');
    t.vault.lock();
    expect(fails(() => policy.set('max-steps', '20')).code).toBe('LOCKED');
    expect(fails(() => policy.allow(FRIEND, 'x')).code).toBe('LOCKED');
    expect(policy.get().maxSteps).toBe(3);
    t.close();
    opened.length = 0;
    const again = await setup(dir, false);
    expect(again.policy.get().maxSteps).toBe(3);
    expect(again.audit.verify()).toEqual({ ok: true, entries: 1 });
  });
});
