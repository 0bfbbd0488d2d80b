import type { InstalledModel } from '../src-shared/domain/models.js';
import { type Agent, openAgent, ownerGuard, type TasksPort, tokenUnits } from './agent/index.js';
import { agentHandlers, type EventBus } from './api/index.js';
import type { Networks, TxGuard, TxPipeline } from './chain/index.js';
import { slot, type VaultHook } from './core-hooks.js';
import type { AgentTurns, ChatProvider, ItemLicences, MemoryStore } from './llm/index.js';
import type { MarketServices } from './market/index.js';
import type { Logger } from './platform/index.js';
import { BalancesRepo, type Db } from './store/index.js';
import type { Vault } from './vault/index.js';
import type { Wallet } from './wallet/index.js';

/**
 * What parts built before the agent call of it: chat asks `turns` for the agent's answer, and the
 * transaction pipeline's guard asks the agent's gate about agent-origin transactions. Both answer
 * "no agent yet" until `wireAgent` has built it.
 */
export interface AgentLinks {
  turns: () => AgentTurns | undefined;
  /** The pipeline's guard: the user's confirmSend of a review they were shown is the confirmation;
   * the agent's transactions, allowed or approved, pass only its gate's open grant. */
  guard: TxGuard;
  /** Called once, by `wireAgent`, with the agent it built. */
  attach(agent: Agent): void;
}

/** The agent's links, made before chat and the pipeline, filled in by `wireAgent`. */
export function agentLinks(): AgentLinks {
  const turns = slot<AgentTurns>();
  const guard = slot<TxGuard>();
  return {
    turns: turns.get,
    guard: ownerGuard(guard.get),
    attach: (agent) => {
      guard.set(agent.gate.agentGuard);
      turns.set(agent.turns);
    },
  };
}

export interface AgentWiring {
  db: Db;
  vault: Vault;
  wallet: Wallet;
  networks: Networks;
  pipeline: TxPipeline;
  markets: Pick<MarketServices, 'market' | 'buyer' | 'publisher'>;
  chat: { memories: MemoryStore; provider: ChatProvider };
  bus: EventBus;
  /** The vault's hooks, run in order; the agent adds its own. */
  vaultHooks: VaultHook[];
  /** The tasks service's port, once built (after the agent, whose loop its runs use). */
  tasks: () => TasksPort | undefined;
  /** The installed models, for a persona's recommended model. */
  models: () => InstalledModel[];
  /** Which bought items' licences have ended (the market's answer): an ended persona is refused. */
  licences: ItemLicences;
  log: Logger;
}

export interface WiredAgent {
  agent: Agent;
  handlers: ReturnType<typeof agentHandlers>;
  close(): void;
}

/**
 * The agent's part of the composition root: the agent over the real services, its events on the bus,
 * what unlocking means to it, its API handlers, and the links that parts built earlier call.
 */
export function wireAgent(links: AgentLinks, w: AgentWiring): WiredAgent {
  const network = () => w.networks.active();
  const balances = { repo: new BalancesRepo(w.db), configured: () => w.networks.activeInfo() };
  const agent: Agent = openAgent({
    db: w.db,
    vault: w.vault,
    pipeline: w.pipeline,
    network,
    signers: w.wallet,
    balances,
    market: w.markets.market,
    buyer: w.markets.buyer,
    publisher: w.markets.publisher,
    memories: w.chat.memories,
    tasks: w.tasks,
    provider: () => w.chat.provider,
    onApprovalChange: () => w.bus.emit('agent.approvals', { approvals: agent.gate.approvals.list() }),
    onAudit: ({ seq }) => w.bus.emit('agent.audit', { seq }),
    models: w.models,
    licences: w.licences,
    log: w.log.child('agent'),
  });
  // Approvals a previous run left pending end in the log once it can be written (the vault unlocked).
  w.vaultHooks.push({
    unlocked: () => {
      try {
        agent.gate.expireLeftPending();
      } catch (err) {
        w.log.warn('approvals left pending could not be expired', { error: String(err) });
      }
    },
    locked: () => {},
  });
  links.attach(agent);
  const handlers = agentHandlers({
    gate: agent.gate,
    policy: agent.policy,
    audit: agent.audit,
    tools: agent.tools,
    personas: agent.personas,
    tokenUnits: (token) => tokenUnits(network, token),
  });
  return { agent, handlers, close: () => agent.gate.close() };
}
