import { describe, expect, it } from 'vitest';
import { AGENT_PACKAGE_MAX_BYTES, parseAgentPackage } from '../../../../src-shared/domain/agent-package.js';

const TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

const valid = {
  format: 'sahel-agent/1',
  name: 'Market scout',
  description: 'Finds datasets and says what they cost.',
  systemPrompt: 'You look for datasets on the market and compare their prices.',
  tools: ['market_search', 'market_show', 'market_buy'],
  suggestedLimits: [
    { token: 'native', perAction: '0.01', perDay: '0.05' },
    { token: TOKEN, perAction: '5', perDay: '20', taskBudget: '50' },
  ],
  recommendedModel: { name: 'Qwen2.5 0.5B Instruct', sha256: 'a'.repeat(64) },
};

const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const problem = (v: unknown) => {
  const r = parseAgentPackage(typeof v === 'string' ? new TextEncoder().encode(v) : bytes(v));
  if (r.ok) throw new Error('expected the package to be refused');
  return r.problem;
};

describe('the agent package format (sahel-agent/1)', () => {
  it('reads a valid package, every field as written', () => {
    const r = parseAgentPackage(bytes(valid));
    expect(r).toEqual({ ok: true, pkg: valid });
  });

  it('takes a minimal package: no description, limits or model', () => {
    const r = parseAgentPackage(
      bytes({ format: 'sahel-agent/1', name: 'Reader', systemPrompt: 'Read.', tools: ['vault_search'] }),
    );
    expect(r.ok && r.pkg.description).toBe('');
  });

  it('refuses unknown tools, naming each', () => {
    const p = problem({ ...valid, tools: ['market_search', 'vault_export', 'policy_set'] });
    expect(p).toMatch(/unknown tools "vault_export", "policy_set"/);
    expect(p).toMatch(/the tools are vault_search, /);
  });

  it('refuses an empty tool list and a tool named twice', () => {
    expect(problem({ ...valid, tools: [] })).toMatch(/tools: name at least one tool/);
    expect(problem({ ...valid, tools: ['market_show', 'market_show'] })).toMatch(/a tool is named twice/);
  });

  it('refuses an over-long system prompt, name and description', () => {
    expect(problem({ ...valid, systemPrompt: 'x'.repeat(8001) })).toMatch(/systemPrompt: at most 8000/);
    expect(problem({ ...valid, name: 'n'.repeat(81) })).toMatch(/name: at most 80/);
    expect(problem({ ...valid, description: 'd'.repeat(2001) })).toMatch(/description: at most 2000/);
  });

  it('refuses bad limits with the policy’s own sentences', () => {
    expect(problem({ ...valid, suggestedLimits: [{ token: 'native', perAction: '-1' }] })).toMatch(
      /perAction: The amount cannot be negative/,
    );
    expect(problem({ ...valid, suggestedLimits: [{ token: 'native', perDay: '1,5' }] })).toMatch(
      /perDay: Use a dot for decimals/,
    );
    expect(problem({ ...valid, suggestedLimits: [{ token: 'dollars', perDay: '1' }] })).toMatch(
      /suggestedLimits\.0\.token/,
    );
    expect(problem({ ...valid, suggestedLimits: [{ token: 'native', perWeek: '1' }] })).toMatch(/perWeek/);
    expect(
      problem({
        ...valid,
        suggestedLimits: [
          { token: 'native', perDay: '1' },
          { token: 'native', perAction: '1' },
        ],
      }),
    ).toMatch(/a token is listed twice/);
  });

  it('refuses a file over 64 KiB before parsing it, and what is not JSON or not a package', () => {
    const big = { ...valid, description: 'x'.repeat(AGENT_PACKAGE_MAX_BYTES) };
    expect(problem(big)).toMatch(/at most 64 KiB/);
    expect(problem('{ not json')).toMatch(/not valid JSON/);
    expect(problem({ ...valid, format: 'sahel-agent/2' })).toMatch(/expected "format": "sahel-agent\/1"/);
    expect(problem({ ...valid, extra: true })).toMatch(/extra/);
    expect(problem({ ...valid, recommendedModel: { name: 'm', sha256: 'XYZ' } })).toMatch(
      /recommendedModel.sha256: 64 lower-case hex/,
    );
  });
});
