import { getAddress } from 'viem';
import type { Approval, AuditEntry, ToolInfo, ToolName } from '../../src-shared/domain/agent.js';
import type { AgentStep, LoopStop } from '../../src-shared/domain/agent-steps.js';
import type { InstalledModel } from '../../src-shared/domain/models.js';
import { SahelError } from '../../src-shared/errors.js';
import {
  type ActiveNetworkSource,
  type BalanceSources,
  clientFor,
  rpcCall,
  type TxPipeline,
  tokenMeta,
  type WalletSigners,
} from '../chain/index.js';
import type { AgentTurns, ChatProvider, ItemLicences, MemoryStore, RecordVault } from '../llm/index.js';
import type { Logger } from '../platform/index.js';
import { ChatRepo, type Db } from '../store/index.js';
import type { Vault } from '../vault/index.js';
import { type AgentGateParts, createAgentGate } from './gate.js';
import { runAgentTurn } from './loop/agent-loop.js';
import { Personas } from './personas/personas.js';
import type { GateOutcome } from './ports.js';
import { memoryPort, vaultPort, walletPort } from './tools/adapters.js';
import { toolInfos } from './tools/definitions.js';
import type { BuyPort, MarketPort, PublishPort, TasksPort } from './tools/ports.js';
import { Toolbox } from './tools/toolbox.js';

export interface AgentOptions {
  db: Db;
  vault: RecordVault & Pick<Vault, 'items'>;
  pipeline: Pick<TxPipeline, 'prepare' | 'confirm' | 'waitFor'>;
  network: ActiveNetworkSource;
  signers: Pick<WalletSigners, 'addresses'>;
  balances: Omit<BalanceSources, 'network'>;
  market: MarketPort;
  buyer: BuyPort;
  publisher: PublishPort;
  memories: MemoryStore;
  /** The tasks service's port, once built (it is built after the agent, whose loop its runs use). */
  tasks?: () => TasksPort | undefined;
  /** Where the model's turns come from now (the engine, or a script). */
  provider: () => ChatProvider;
  onApprovalChange?: (approval: Approval) => void;
  onAudit?: (entry: AuditEntry) => void;
  /** The models installed now (a persona's review says whether its recommended model is). */
  models?: () => InstalledModel[];
  /** Which bought items' licences have ended: an active persona bought under one stops applying. */
  licences?: ItemLicences;
  log: Logger;
}

/** A delegated task's prompt for the loop: its id (its budget, the audit log) and its tools only. */
export interface AgentTaskTurn {
  text: string;
  taskId: string;
  tools: readonly ToolName[];
  signal: AbortSignal;
  onStep(step: AgentStep): void;
}

/** A delegated task's buy of one offer, proposed from the market's plan and decided by the gate. */
export interface AgentTaskBuy {
  offerId: string;
  /** Whole units of the offer's token: the most the plan may take. */
  maxPrice: string;
  taskId: string;
  /** Why, in the app's words, for the audit log and the approval card. */
  claim: string;
}

export interface Agent extends AgentGateParts {
  /** Chat's way to let the agent answer (ChatService's `agent` option). */
  turns: AgentTurns;
  /** The tasks layer's way (its agent-prompt runner). */
  runTask(t: AgentTaskTurn): Promise<{ text: string; stop: LoopStop; tokens: number }>;
  /**
   * The market-watch runner's way: a `market_buy` act of origin agent under the task's id, through the
   * same proposal and gate as the model's calls (policy limits, the task budget, approvals, audit).
   */
  buyForTask(b: AgentTaskBuy): Promise<GateOutcome>;
  tools(): ToolInfo[];
  /** Installed agent packages; the active one shapes the agent's prompt and tools. */
  personas: Personas;
}

/**
 * The agent as core.ts builds it: the gate over the data dir's database and vault, the tools bound to
 * the real services, and the loop that joins them for chat. The pipeline's guard for agent-origin
 * transactions is `gate.agentGuard`.
 */
export function openAgent(o: AgentOptions): Agent {
  const parts = createAgentGate({
    db: o.db,
    vault: o.vault,
    contracts: async () => (await o.network()).contracts,
    ...(o.onApprovalChange ? { onApprovalChange: o.onApprovalChange } : {}),
    ...(o.onAudit ? { onAudit: o.onAudit } : {}),
    log: o.log,
  });
  const toolbox = new Toolbox(
    {
      vault: vaultPort(o.vault),
      market: o.market,
      buyer: o.buyer,
      publisher: o.publisher,
      wallet: walletPort(o),
      memories: memoryPort(o.memories),
      ...(o.tasks ? { tasks: lateTasks(o.tasks) } : {}),
      marketplace: async () => (await o.network()).contracts.marketplace,
    },
    () => parts.gate.signingOrigin(),
  );
  const personas = new Personas({
    repo: new ChatRepo(o.db),
    vault: o.vault,
    policy: parts.policy,
    tokenUnits: (token) => tokenUnits(o.network, token),
    models: o.models ?? (() => []),
    licences: o.licences,
  });
  const turns: AgentTurns = {
    run: async (r) => {
      const provider = o.provider();
      const installed = personas.active();
      const reply = await runAgentTurn(
        { provider, gate: parts.gate, tools: toolbox, limits: () => parts.policy.get() },
        {
          text: r.text,
          conversationId: r.conversationId,
          history: r.history,
          persona: r.persona,
          installed,
          maxTokens: r.maxTokens,
          signal: r.signal,
          onStep: r.onStep,
          onToken: r.onToken,
        },
      );
      return {
        text: reply.text,
        stop: reply.stop,
        steps: reply.steps,
        model: provider.readiness().model ?? provider.kind,
        tokens: 0,
      };
    },
  };
  const runTask: Agent['runTask'] = async (t) => {
    const reply = await runAgentTurn(
      { provider: o.provider(), gate: parts.gate, tools: toolbox, limits: () => parts.policy.get() },
      {
        text: t.text,
        conversationId: null,
        taskId: t.taskId,
        tools: t.tools,
        // The agent a task runs is the user's agent as it is now: the active persona's prompt, and
        // its tools narrowed again by the task's scope.
        installed: personas.active(),
        signal: t.signal,
        onStep: t.onStep,
      },
    );
    return { text: reply.text, stop: reply.stop, tokens: 0 };
  };
  const buyForTask: Agent['buyForTask'] = async (b) => {
    const ctx = { conversationId: null, taskId: b.taskId, claim: b.claim };
    const proposal = await toolbox.propose('market_buy', { offerId: b.offerId, maxPrice: b.maxPrice }, ctx);
    return parts.gate.act(proposal, ctx);
  };
  return { ...parts, turns, runTask, buyForTask, tools: toolInfos, personas };
}

/** How a limit's token counts, read from the chain: its decimals and symbol ('native': the coin's). */
export async function tokenUnits(
  network: ActiveNetworkSource,
  token: string,
): Promise<{ decimals: number; symbol: string }> {
  if (token === 'native') return { decimals: 18, symbol: 'ETH' };
  const n = await network();
  const meta = await rpcCall(() => tokenMeta(clientFor(n), n.chainId, getAddress(token)));
  return { decimals: meta.decimals, symbol: meta.symbol };
}

/** The tasks port through its late binding: until core.ts has built the tasks, the tools say so. */
function lateTasks(get: () => TasksPort | undefined): TasksPort {
  const port = (): TasksPort => {
    const p = get();
    if (!p) throw new SahelError('UNAVAILABLE', 'Scheduled tasks are not ready yet.');
    return p;
  };
  return {
    list: () => port().list(),
    readWhen: (when) => port().readWhen(when),
    addPaused: (task, when) => port().addPaused(task, when),
  };
}
