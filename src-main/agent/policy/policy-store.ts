import { getAddress, isAddress } from 'viem';
import { DEFAULT_POLICY, PolicySettings } from '../../../src-shared/domain/agent.js';
import { SahelError } from '../../../src-shared/errors.js';
import { untrustedLine } from '../../../src-shared/untrusted-text.js';
import type { Logger } from '../../platform/index.js';
import type { AgentPolicyRepo } from '../../store/index.js';
import type { AuditLog } from '../audit/audit-log.js';
import { applyKey } from './policy-keys.js';

/**
 * The user's policy for the agent, in SQLite. Read and validated on every load, so a damaged row never
 * loosens anything: it gives the safe default (every move asks) and a warning. Changed only through
 * these methods, which the API calls for the user — no tool reaches them — and each change is written
 * together with its audit entry (both or neither; while the vault is locked, neither).
 */
export class PolicyStore {
  constructor(
    private readonly o: { repo: AgentPolicyRepo; audit: AuditLog; log?: Logger; now?: () => number },
  ) {}

  get(): PolicySettings {
    const raw = this.o.repo.get();
    if (raw === undefined) return DEFAULT_POLICY;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    const parsed = PolicySettings.safeParse(value);
    if (parsed.success) return parsed.data;
    this.o.log?.warn('the agent policy in the database is damaged: using the default (every move asks)');
    return DEFAULT_POLICY;
  }

  /** `key` as listed in POLICY_KEYS; a limit's amount in the token's units, read with its `decimals`. */
  set(key: string, value: string, opts: { decimals?: number; symbol?: string } = {}): PolicySettings {
    const change = applyKey(this.get(), key, value, opts.decimals, opts.symbol);
    return this.save(change.settings, 'policy.set', { key, value: change.shown }, `${key} = ${change.shown}`);
  }

  /** Adds (or renames) an address the agent may pay without it being an unknown recipient. */
  allow(address: string, name: string): PolicySettings {
    const a = checkAddress(address);
    const clean = untrustedLine(name.trim(), 80);
    const current = this.get();
    const entry = { address: a, name: clean, addedAt: new Date((this.o.now ?? Date.now)()).toISOString() };
    const rest = current.allowlist.filter((x) => x.address.toLowerCase() !== a.toLowerCase());
    if (rest.length >= 1000) throw new SahelError('BAD_INPUT', 'The allowlist holds at most 1000 addresses.');
    const allowlist = [...rest, entry];
    return this.save({ ...current, allowlist }, 'policy.allow', { address: a, name: clean }, `allowed ${a}`);
  }

  disallow(address: string): PolicySettings {
    const a = checkAddress(address);
    const current = this.get();
    const allowlist = current.allowlist.filter((x) => x.address.toLowerCase() !== a.toLowerCase());
    if (allowlist.length === current.allowlist.length)
      throw new SahelError('NOT_FOUND', `${a} is not on the agent's allowlist.`);
    return this.save({ ...current, allowlist }, 'policy.disallow', { address: a }, `disallowed ${a}`);
  }

  private save(next: PolicySettings, action: string, args: unknown, result: string): PolicySettings {
    const valid = PolicySettings.parse(next);
    this.o.repo.put(JSON.stringify(valid), () => {
      this.o.audit.append({
        action,
        actor: 'user',
        arguments: args,
        decision: 'allowed',
        rule: 'user',
        result,
        conversationId: null,
      });
    });
    return valid;
  }
}

function checkAddress(address: string): string {
  const a = address.trim();
  if (!isAddress(a, { strict: false }))
    throw new SahelError('BAD_INPUT', 'address: expected 0x and 40 hex digits.');
  return getAddress(a);
}
