import { z } from 'zod';
import {
  type ActToolName,
  isActTool,
  type ReadToolName,
  type ToolName,
} from '../../../src-shared/domain/agent.js';
import { untrustedLine } from '../../../src-shared/untrusted-text.js';
import type { ToolSpec } from '../../llm/index.js';
import type { ActionProposal, CallContext } from '../ports.js';
import { type ActTools, actTools } from './act-tools.js';
import { isToolName, TOOL_ARGS, toolInfos } from './definitions.js';
import type { ActOrigin, ToolPorts } from './ports.js';
import { type ReadTools, readTools } from './read-tools.js';
import { signingPorts } from './signing.js';

/** A model's call, checked: a known tool with arguments its schema accepts, or why not. */
export type CheckedCall =
  | { ok: true; tool: ToolName; args: Record<string, unknown> }
  | { ok: false; rule: 'unknown-tool' | 'bad-arguments'; why: string; args: unknown };

const MAX_PROBLEM = 1_000;

/** The agent's tools bound to the services they reach. */
export class Toolbox {
  private readonly read: ReadTools;
  private readonly act: ActTools;

  /** `origin`: the gate's open grant's (Gate.signingOrigin); the tools sign only as it says. */
  constructor(ports: ToolPorts, origin: () => ActOrigin) {
    const gated = signingPorts(ports, origin);
    this.read = readTools(gated);
    this.act = actTools(gated);
  }

  /**
   * The tools as the model is given them (the engine builds each call's grammar from `parameters`):
   * all, or only those `only` lists (the active persona's).
   */
  specs(only: readonly ToolName[] | null = null): ToolSpec[] {
    return toolInfos()
      .filter((t) => !only || only.includes(t.name))
      .map((t) => ({ name: t.name, description: t.description, parameters: t.parameters }));
  }

  /** The model's call (name and JSON text) against the tools; the problem is worded for the model. */
  check(name: string, argumentsText: string): CheckedCall {
    let args: unknown;
    try {
      args = JSON.parse(argumentsText) as unknown;
    } catch {
      args = argumentsText.slice(0, MAX_PROBLEM);
      if (!isToolName(name)) return unknown(name, args);
      return { ok: false, rule: 'bad-arguments', why: 'The arguments are not valid JSON.', args };
    }
    if (!isToolName(name)) return unknown(name, args);
    const parsed = TOOL_ARGS[name].safeParse(args);
    if (!parsed.success) {
      const problem = z.prettifyError(parsed.error).slice(0, MAX_PROBLEM);
      return {
        ok: false,
        rule: 'bad-arguments',
        why: `The arguments of ${name} are not valid:\n${problem}\nCall it again with corrected arguments.`,
        args,
      };
    }
    return { ok: true, tool: name, args: parsed.data as Record<string, unknown> };
  }

  /** Runs a read tool on checked arguments: data for the model. */
  run(tool: ReadToolName, args: Record<string, unknown>): Promise<string> {
    return (this.read[tool] as (a: Record<string, unknown>) => Promise<string>)(args);
  }

  /** Prepares an act tool's call on checked arguments, for the gate to decide. */
  propose(tool: ActToolName, args: Record<string, unknown>, ctx: CallContext): Promise<ActionProposal> {
    return (this.act[tool] as (a: Record<string, unknown>, c: CallContext) => Promise<ActionProposal>)(
      args,
      ctx,
    );
  }

  isAct(tool: ToolName): tool is ActToolName {
    return isActTool(tool);
  }
}

function unknown(name: string, args: unknown): CheckedCall {
  return {
    ok: false,
    rule: 'unknown-tool',
    why: `There is no tool named "${untrustedLine(name, 64)}". The tools are: ${Object.keys(TOOL_ARGS).join(', ')}.`,
    args,
  };
}
