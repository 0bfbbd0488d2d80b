import type { agentService } from '../../../src-shared/api/services/agent.js';
import type { ToolInfo } from '../../../src-shared/domain/agent.js';
import type { AuditLog, Gate, Personas, PolicyStore } from '../../agent/index.js';
import type { ServiceHandlers } from '../handlers.js';

export interface AgentHandlerParts {
  gate: Gate;
  policy: PolicyStore;
  audit: AuditLog;
  tools(): ToolInfo[];
  personas: Personas;
  /** How a limit's token counts: its decimals and symbol, read from the chain ('native': the coin's). */
  tokenUnits(token: string): Promise<{ decimals: number; symbol: string }>;
}

const LIMIT_TOKEN = /^limit\.(native|0x[0-9a-fA-F]{40})\./;

/**
 * The user's side of the agent: the policy (only changed here, never by a tool), the approvals and the
 * audit log. `approve` is the user's own confirmation of what the card showed.
 */
export function agentHandlers(a: AgentHandlerParts): ServiceHandlers<typeof agentService> {
  return {
    tools: () => ({ tools: a.tools() }),
    policy: () => a.policy.get(),
    setPolicy: async ({ key, value }) => {
      const token = LIMIT_TOKEN.exec(key)?.[1];
      return a.policy.set(key, value, token ? await a.tokenUnits(token) : {});
    },
    allow: ({ address, name }) => a.policy.allow(address, name),
    disallow: ({ address }) => a.policy.disallow(address),
    approvals: () => ({ approvals: a.gate.approvals.list() }),
    approve: async ({ id }) => (await a.gate.approve(id)).approval,
    reject: ({ id }) => a.gate.reject(id).approval,
    audit: ({ limit, before }) => ({ entries: a.audit.list({ limit, before: before ?? null }) }),
    verifyAudit: () => a.audit.verify(),
    personas: () => ({ personas: a.personas.list() }),
    personaPackages: async () => ({ items: await a.personas.packages() }),
    reviewPersona: ({ itemId }) => a.personas.review(itemId),
    installPersona: ({ itemId }) => a.personas.install(itemId),
    activatePersona: ({ id }) => {
      a.personas.activate(id);
      return { personas: a.personas.list() };
    },
    uninstallPersona: ({ id }) => {
      a.personas.uninstall(id);
      return { personas: a.personas.list() };
    },
    applyPersonaLimits: ({ id, picks }) => a.personas.applySuggestedLimits(id, picks),
  };
}
