// Installed personas on a real vault and SQLite file: the package is read from a vault item, kept in
// one sealed record, and never reaches the policy except through applySuggestedLimits with what the
// user ticked. Uninstalling the active one leaves no persona active; the record needs the vault.
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../src-main/agent/audit/audit-log.js';
import { Personas } from '../../../../src-main/agent/personas/personas.js';
import { PolicyStore } from '../../../../src-main/agent/policy/policy-store.js';
import { type ItemLicences, Sealer } from '../../../../src-main/llm/index.js';
import { AgentAuditRepo } from '../../../../src-main/store/agent-audit-repo.js';
import { AgentPolicyRepo } from '../../../../src-main/store/agent-policy-repo.js';
import { ChatRepo } from '../../../../src-main/store/chat-repo.js';
import { DEFAULT_POLICY } from '../../../../src-shared/domain/agent.js';
import { SahelError } from '../../../../src-shared/errors.js';
import { tempDir } from '../../../support/tmp.js';
import { openTestVault } from '../../../support/vault.js';

const PASS = 'a long enough test passphrase';
const opened: { close(): void }[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

const PKG = {
  format: 'sahel-agent/1',
  name: 'Reader',
  systemPrompt: 'Read the vault and summarise.',
  tools: ['vault_search', 'vault_read'],
  suggestedLimits: [{ token: 'native', perAction: '0.5', perDay: '2' }],
};

/** The market's answer on bought items, as core.ts hands it in: here, which items' licences ended. */
function endedLicences(ended: Map<string, string>): ItemLicences {
  return {
    of: (id) => (ended.has(id) ? { expiresAt: ended.get(id) ?? null, expired: true } : null),
    expired: () => ended,
  };
}

async function setup(licences?: ItemLicences) {
  const t = openTestVault(tempDir());
  opened.push(t);
  await t.vault.create(PASS);
  const audit = new AuditLog(new AgentAuditRepo(t.db), new Sealer(t.vault));
  const policy = new PolicyStore({ repo: new AgentPolicyRepo(t.db), audit });
  const personas = new Personas({
    repo: new ChatRepo(t.db),
    vault: t.vault,
    policy,
    tokenUnits: async () => ({ decimals: 18, symbol: 'ETH' }),
    models: () => [],
    licences,
  });
  const add = (name: string, value: unknown) =>
    t.vault.items.addNote(name, typeof value === 'string' ? value : JSON.stringify(value), [], null);
  return { t, audit, policy, personas, add };
}

async function rejects(p: Promise<unknown>): Promise<SahelError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof SahelError) return err;
    throw err;
  }
  throw new Error('expected a SahelError');
}

describe('installed personas', () => {
  it('installs, activates and uninstalls without touching the policy; only ticked limits apply', async () => {
    const { personas, policy, audit, add } = await setup();
    const item = await add('reader.json', PKG);
    const p = await personas.install(item.id);
    expect(p).toMatchObject({ itemId: item.id, active: false, pkg: { name: 'Reader' } });
    expect(personas.active()).toBeNull();
    personas.activate(p.id);
    expect(personas.active()).toEqual({
      name: 'Reader',
      systemPrompt: PKG.systemPrompt,
      tools: ['vault_search', 'vault_read'],
    });
    expect(policy.get()).toEqual(DEFAULT_POLICY);
    expect([...audit.entries()]).toEqual([]);

    // Installing again from the same item keeps its id and whether it is active.
    expect(await personas.install(item.id)).toMatchObject({ id: p.id, active: true });
    expect(personas.list()).toHaveLength(1);

    const after = await personas.applySuggestedLimits(p.id, [{ token: 'native', field: 'perDay' }]);
    expect(after.limits).toEqual([
      expect.objectContaining({ token: 'native', perAction: '0', daily: (2n * 10n ** 18n).toString() }),
    ]);
    expect(
      [...audit.entries()].map((e) => [e.action, e.actor, (e.arguments as { key: string }).key]),
    ).toEqual([['policy.set', 'user', 'limit.native.daily']]);
    const none = await rejects(
      personas.applySuggestedLimits(p.id, [{ token: 'native', field: 'taskBudget' }]),
    );
    expect(none.code).toBe('BAD_INPUT');
    expect((await rejects(personas.applySuggestedLimits(p.id, []))).code).toBe('BAD_INPUT');

    personas.uninstall(p.id);
    expect(personas.list()).toEqual([]);
    expect(personas.active()).toBeNull();
    expect(() => personas.activate(p.id)).toThrow(/No installed persona/);
  });

  it('refuses an item that is not a package with the parser’s sentence, and lists only packages', async () => {
    const { personas, add } = await setup();
    await add('reader.json', PKG);
    const bad = await add('bad.json', { ...PKG, tools: ['wallet_send', 'vault_export'] });
    await add('notes.txt', 'just some text');
    const e = await rejects(personas.review(bad.id));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toMatch(
      /bad\.json: This is not a valid agent package: tools: unknown tool "vault_export"/,
    );
    expect((await rejects(personas.install(bad.id))).code).toBe('BAD_INPUT');
    expect((await personas.packages()).map((x) => x.name)).toEqual(['Reader']);
  });

  it('keeps its record sealed: locked, it cannot be read; a damaged record is CORRUPT, not trusted', async () => {
    const { t, personas, add } = await setup();
    const item = await add('reader.json', PKG);
    const p = await personas.install(item.id);
    personas.activate(p.id);
    t.vault.lock();
    expect(() => personas.active()).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    await t.vault.unlock(PASS);
    const repo = new ChatRepo(t.db);
    const body = Buffer.from(repo.record('agent.personas') ?? Buffer.alloc(0));
    body[body.length - 1] = (body[body.length - 1] ?? 0) ^ 1;
    repo.putRecord('agent.personas', body);
    expect(() => personas.active()).toThrow(expect.objectContaining({ code: 'CORRUPT' }));
  });

  it('refuses a persona whose licence has ended: not installed, not used while active, labelled in the list', async () => {
    const ended = new Map<string, string>();
    const { personas, add } = await setup(endedLicences(ended));
    const item = await add('reader.json', PKG);
    const p = await personas.install(item.id);
    personas.activate(p.id);
    expect(personas.active()).toMatchObject({ name: 'Reader' });

    ended.set(item.id, '2026-11-30T00:00:00.000Z');
    // Active but ended: the turn is refused, never run with every tool nor with the seller's prompt.
    const e = (() => {
      try {
        personas.active();
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(SahelError);
    expect((e as SahelError).code).toBe('FORBIDDEN');
    expect((e as SahelError).message).toMatch(
      /The persona "Reader" cannot be used: its licence expired 2026-11-30\. Choose another persona, or none/,
    );
    expect(personas.list()).toEqual([
      expect.objectContaining({ id: p.id, active: true, licenceExpired: '2026-11-30T00:00:00.000Z' }),
    ]);
    expect((await rejects(personas.install(item.id))).code).toBe('FORBIDDEN');
    expect((await rejects(personas.review(item.id))).code).toBe('FORBIDDEN');

    // Choosing none gives the user their own agent back.
    personas.activate(null);
    expect(personas.active()).toBeNull();
  });
});
