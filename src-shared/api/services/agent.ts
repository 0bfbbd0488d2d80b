import { z } from 'zod';
import { Approval, AuditEntry, AuditVerdict, PolicySettings, ToolInfo } from '../../domain/agent.js';
import { InstalledPersona, LimitField, PackageItem, PersonaReview } from '../../domain/agent-package.js';
import { Address } from '../../domain/tx.js';
import { procedure } from '../define.js';
import { NoInput } from './app.js';

const ApprovalId = z.string().min(1).max(64);
const ItemId = z.string().min(1).max(100);
const PersonaId = z.string().min(1).max(64);
const PersonaList = z.object({ personas: z.array(InstalledPersona) });

/**
 * The agent's surroundings as the user controls them: its tools, the policy (only the user changes it,
 * here; no tool can), the approvals waiting for the user, and the audit log of everything it did.
 */
export const agentService = {
  tools: procedure(
    NoInput,
    z.object({ tools: z.array(ToolInfo) }),
    'Every tool the agent may call, with the JSON schema of its arguments.',
  ),
  policy: procedure(NoInput, PolicySettings, 'The policy: limits per token, allowed addresses, timeouts.'),
  setPolicy: procedure(
    z.strictObject({
      /** `limit.<native|token address>.<per-action|daily|task-budget>`, `approval-timeout`, `max-steps`, `max-tool-calls`. */
      key: z.string().min(1).max(120),
      /** An amount in the token's units (`0.5`), or a whole number of seconds or steps. */
      value: z.string().min(1).max(100),
    }),
    PolicySettings,
    'Changes one setting of the policy; the change is audited.',
  ),
  allow: procedure(
    z.strictObject({ address: Address, name: z.string().trim().max(80).default('') }),
    PolicySettings,
    'Adds an address the agent may pay (still within the limits); audited.',
  ),
  disallow: procedure(
    z.strictObject({ address: Address }),
    PolicySettings,
    'Removes an address from the allowed recipients; audited.',
  ),
  approvals: procedure(
    NoInput,
    z.object({ approvals: z.array(Approval) }),
    'What the agent asked to do and waits for the user: the decoded transactions, the simulation, the rule.',
  ),
  approve: procedure(
    z.strictObject({ id: ApprovalId }),
    Approval,
    'Does what an approval asked for, exactly as reviewed; resolves when it is done or failed.',
  ),
  reject: procedure(z.strictObject({ id: ApprovalId }), Approval, 'Refuses an approval; nothing happens.'),
  audit: procedure(
    z.strictObject({
      limit: z.number().int().min(1).max(1000).default(100),
      /** Entries before this sequence number (the next page); absent: the newest. */
      before: z.number().int().positive().optional(),
    }),
    z.object({ entries: z.array(AuditEntry) }),
    'The audit log, newest first: every tool call, decision, approval and transaction.',
  ),
  verifyAudit: procedure(
    NoInput,
    AuditVerdict,
    'Checks the audit log’s hash chain: intact, or the first entry edited, removed or reordered.',
  ),
  // Agent packages (personas): installing one never touches the policy; its suggested limits are set
  // only by applyPersonaLimits, with the ones the user ticked.
  personas: procedure(
    NoInput,
    PersonaList,
    'The installed personas (agent packages), the active one marked.',
  ),
  personaPackages: procedure(
    NoInput,
    z.object({ items: z.array(PackageItem) }),
    'The vault items that hold a valid agent package, to review and install.',
  ),
  reviewPersona: procedure(
    z.strictObject({ itemId: ItemId }),
    PersonaReview,
    'Exactly what the package in a vault item asks for: its prompt, tools, suggested limits and model.',
  ),
  installPersona: procedure(
    z.strictObject({ itemId: ItemId }),
    InstalledPersona,
    'Installs the package in a vault item as a persona; the policy is left as it is.',
  ),
  activatePersona: procedure(
    z.strictObject({ id: PersonaId.nullable() }),
    PersonaList,
    'Makes a persona the agent’s (null: none, every tool).',
  ),
  uninstallPersona: procedure(
    z.strictObject({ id: PersonaId }),
    PersonaList,
    'Removes an installed persona.',
  ),
  applyPersonaLimits: procedure(
    z.strictObject({
      id: PersonaId,
      picks: z
        .array(z.strictObject({ token: z.string().min(1).max(42), field: LimitField }))
        .min(1)
        .max(48),
    }),
    PolicySettings,
    'Sets the suggested limits the user ticked, and only those; each change is audited as the user’s.',
  ),
} as const;
