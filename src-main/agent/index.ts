// The agent layer's face: what core.ts, the API and the tasks layer may use of it.

// The gate: the policy engine, the approvals queue, the audit log and the transaction pipeline's guard
// for the agent's transactions (core.ts builds them with createAgentGate).
export type { Settled } from './approvals/approvals.js';
export type { AuditLog } from './audit/audit-log.js';
export type { AgentGateParts, Gate } from './gate.js';
export { createAgentGate } from './gate.js';
export type { AgentLoopDeps, AgentMessage, AgentReply } from './loop/agent-loop.js';
// The tool-calling loop for one user message.
export { runAgentTurn } from './loop/agent-loop.js';
export { type Agent, type AgentTaskBuy, openAgent, tokenUnits } from './open-agent.js';
// Installed agent packages (personas): review, install, the active one, their suggested limits.
export { type LimitPick, Personas } from './personas/personas.js';
export { ownerGuard } from './policy/grants.js';
export { POLICY_KEYS } from './policy/policy-keys.js';
export type { PolicyStore } from './policy/policy-store.js';
export type { ActionProposal, AgentGate, CallContext, GateOutcome } from './ports.js';
// The tools: their definitions (`sahel agent tools --json`), the toolbox bound to the services, and
// the ports core.ts builds from the real services.
export { memoryPort, vaultPort, walletPort } from './tools/adapters.js';
export { toolInfos } from './tools/definitions.js';
export type { ActOrigin, TaskLine, TasksPort, ToolPorts } from './tools/ports.js';
export { signingPorts } from './tools/signing.js';
export { Toolbox } from './tools/toolbox.js';
