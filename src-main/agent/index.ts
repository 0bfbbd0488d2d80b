// The agent layer's face: what core.ts, the API and the tasks layer may use of it.
export type { ActionProposal, AgentGate, CallContext, GateOutcome } from './ports.js';
