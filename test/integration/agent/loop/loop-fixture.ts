// The loop's surroundings for its tests: the real vault and memories (SQLite file, sealed rows) behind
// the toolbox, a scripted model, and the recording gate. The market and wallet are never reached in
// these tests; their ports fail loudly if a tool tried.
import { memoryPort, type Toolbox, type ToolPorts, vaultPort } from '../../../../src-main/agent/index.js';
import { type AgentMessage, runAgentTurn } from '../../../../src-main/agent/loop/agent-loop.js';
import { MemoryStore } from '../../../../src-main/llm/chat/memories.js';
import { Sealer } from '../../../../src-main/llm/chat/sealed.js';
import type { ToolTurn } from '../../../../src-main/llm/providers/provider.js';
import { type Script, ScriptedProvider } from '../../../../src-main/llm/providers/scripted-provider.js';
import { ChatRepo } from '../../../../src-main/store/chat-repo.js';
import type { Vault } from '../../../../src-main/vault/vault.js';
import { AgentStep } from '../../../../src-shared/domain/agent-steps.js';
import { type Answer, RecordingGate, toolboxWith } from '../../../support/agent.js';
import { openTestVault } from '../../../support/vault.js';

export const CONVERSATION = '0123456789abcdef0123456789abcdef';

export interface LoopWorld {
  vault: Vault;
  memories: MemoryStore;
  tools: Toolbox;
  close(): void;
}

export async function loopWorld(dir: string, extra: Partial<ToolPorts> = {}): Promise<LoopWorld> {
  const t = openTestVault(dir);
  await t.vault.create('agent loop vault passphrase for tests');
  const memories = new MemoryStore(new ChatRepo(t.db), new Sealer(t.vault));
  const tools = toolboxWith({ vault: vaultPort(t.vault), memories: memoryPort(memories), ...extra });
  return { vault: t.vault, memories, tools, close: () => t.close() };
}

/** The scripted model, recording each turn it was asked for (with its tool choice). */
export class ScriptedModel extends ScriptedProvider {
  readonly turnsAsked: ToolTurn[] = [];
  constructor(script: Partial<Script> & Pick<Script, 'turns'>) {
    super({ delayMs: 0, json: [], ...script });
  }
  override toolTurn(turn: ToolTurn) {
    this.turnsAsked.push(turn);
    return super.toolTurn(turn);
  }
}

export async function run(
  w: LoopWorld,
  model: ScriptedModel,
  gate: RecordingGate,
  text: string,
  o: Partial<AgentMessage> & { maxSteps?: number; maxToolCalls?: number } = {},
) {
  const { maxSteps = 8, maxToolCalls = 16, ...message } = o;
  const r = await runAgentTurn(
    { provider: model, gate, tools: w.tools, limits: () => ({ maxSteps, maxToolCalls }) },
    { text, conversationId: CONVERSATION, ...message },
  );
  // Every step is one the conversation's blocks can show (the shared schema).
  for (const step of r.steps) AgentStep.parse(step);
  return r;
}

export { type Answer, RecordingGate };
