// A port double of the agent's gate (policy engine, approvals, audit log) for the loop's and the
// tools' tests: it records every call it sees and answers each act with a fixed decision. The real
// gate is tested on its own; these tests are about what reaches it.

import {
  type ActionProposal,
  type ActOrigin,
  type AgentGate,
  type CallContext,
  type GateOutcome,
  Toolbox,
  type ToolPorts,
} from '../../src-main/agent/index.js';
import type { Decision, PolicyRule, ToolName } from '../../src-shared/domain/agent.js';

export type Answer = 'allow' | 'hold' | 'deny';

export class RecordingGate implements AgentGate {
  readonly reads: { tool: ToolName; args: unknown; result: string; ctx: CallContext }[] = [];
  readonly acts: { proposal: ActionProposal; ctx: CallContext; outcome: GateOutcome }[] = [];
  readonly refusals: { tool: string; args: unknown; rule: PolicyRule; why: string }[] = [];

  /** `answer` decides each act: run it as the agent ('allow'), wait for the user ('hold'), or 'deny'. */
  constructor(private readonly answer: (p: ActionProposal) => Answer = () => 'hold') {}

  read(tool: ToolName, args: unknown, result: string, ctx: CallContext): void {
    this.reads.push({ tool, args, result, ctx });
  }

  async act(proposal: ActionProposal, ctx: CallContext): Promise<GateOutcome> {
    const a = this.answer(proposal);
    let outcome: GateOutcome;
    if (a === 'allow') {
      outcome = {
        decision: 'allowed',
        rule: 'within-limits',
        result: await proposal.execute(),
        approvalId: null,
      };
    } else if (a === 'hold') {
      outcome = {
        decision: 'pending',
        rule: 'auto-approve-zero',
        result: 'It waits for the user.',
        approvalId: `approval-${this.acts.length + 1}`,
      };
    } else {
      outcome = {
        decision: 'denied',
        rule: 'unknown-recipient',
        result: 'Refused by the policy.',
        approvalId: null,
      };
    }
    this.acts.push({ proposal, ctx, outcome });
    return outcome;
  }

  refuse(tool: string, args: unknown, rule: PolicyRule, why: string): GateOutcome {
    this.refusals.push({ tool, args, rule, why });
    const decision: Decision = 'denied';
    return { decision, rule, result: why, approvalId: null };
  }
}

/** A port a test does not reach: any use of it fails the test, naming what was reached. */
export function unreachable<T>(what: string): T {
  return new Proxy(
    {},
    {
      get: () => () => {
        throw new Error(`the ${what} is not part of this test`);
      },
    },
  ) as T;
}

/**
 * The toolbox with the given ports; every other port is unreachable. Its transactions are signed as
 * `origin` (the real gate's open grant decides it; here the test does).
 */
export function toolboxWith(ports: Partial<ToolPorts>, origin: () => ActOrigin = () => 'agent'): Toolbox {
  return new Toolbox(
    {
      vault: unreachable('vault'),
      market: unreachable('market'),
      buyer: unreachable('buyer'),
      publisher: unreachable('publisher'),
      wallet: unreachable('wallet'),
      memories: unreachable('memories'),
      ...ports,
    },
    origin,
  );
}
