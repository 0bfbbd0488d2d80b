import { z } from 'zod';
import { READ_TOOLS, TokenKey, ToolName } from './agent.js';
import { MAX_DECIMALS, parseAmount } from './amount.js';

// An agent in the marketplace: a persona package (`sahel-agent/1`), a small JSON file a seller
// publishes with kind `agent` and a buyer installs. Every field is the seller's untrusted text: the
// parser refuses anything it does not know with a sentence, and nothing in it reaches the policy
// without the user ticking it on the review screen.

export const AGENT_PACKAGE_FORMAT = 'sahel-agent/1';
/** Bytes a package file may have; a larger file is refused before parsing. */
export const AGENT_PACKAGE_MAX_BYTES = 64 * 1024;
export const MAX_SYSTEM_PROMPT = 8000;

const TOOL_NAMES = ToolName.options as readonly string[];

const amount = (what: string) =>
  z
    .string()
    .max(100)
    .refine((t) => parseAmount(t, MAX_DECIMALS).ok, {
      error: (i) => {
        const p = parseAmount(String(i.input), MAX_DECIMALS);
        return `${what}: ${p.ok ? 'not an amount' : p.problem}`;
      },
    });

/** What a package suggests the agent may move of one token without asking: decimal amounts in its units. */
export const SuggestedLimit = z.strictObject({
  token: TokenKey,
  perAction: amount('perAction').optional(),
  perDay: amount('perDay').optional(),
  taskBudget: amount('taskBudget').optional(),
});
export type SuggestedLimit = z.infer<typeof SuggestedLimit>;

/** The three suggestions of a token, named as the policy's keys name them. */
export const LIMIT_FIELDS = {
  perAction: 'per-action',
  perDay: 'daily',
  taskBudget: 'task-budget',
} as const;
export type LimitField = keyof typeof LIMIT_FIELDS;
export const LimitField = z.enum(['perAction', 'perDay', 'taskBudget']);

export const AgentPackage = z.strictObject({
  format: z.literal(AGENT_PACKAGE_FORMAT, {
    error: `format: this is not a Sahel agent package (expected "format": "${AGENT_PACKAGE_FORMAT}")`,
  }),
  name: z.string().trim().min(1, 'name: give the agent a name').max(80, 'name: at most 80 characters'),
  description: z.string().max(2000, 'description: at most 2000 characters').default(''),
  systemPrompt: z
    .string()
    .trim()
    .min(1, 'systemPrompt: the agent needs instructions')
    .max(MAX_SYSTEM_PROMPT, `systemPrompt: at most ${MAX_SYSTEM_PROMPT} characters`),
  tools: z
    .array(z.string().max(64))
    .min(1, 'tools: name at least one tool the agent may use')
    .max(TOOL_NAMES.length)
    .superRefine((names, ctx) => {
      const unknown = names.filter((n) => !TOOL_NAMES.includes(n));
      if (unknown.length > 0)
        ctx.addIssue({
          code: 'custom',
          message: `tools: unknown tool${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => JSON.stringify(n.slice(0, 40))).join(', ')}; the tools are ${TOOL_NAMES.join(', ')}`,
        });
      if (new Set(names).size !== names.length)
        ctx.addIssue({ code: 'custom', message: 'tools: a tool is named twice' });
    })
    .transform((names) => names as ToolName[]),
  suggestedLimits: z
    .array(SuggestedLimit)
    .max(16)
    .superRefine((limits, ctx) => {
      const tokens = limits.map((l) => l.token.toLowerCase());
      if (new Set(tokens).size !== tokens.length)
        ctx.addIssue({ code: 'custom', message: 'suggestedLimits: a token is listed twice' });
    })
    .optional(),
  recommendedModel: z
    .strictObject({
      name: z.string().trim().min(1).max(120),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/, 'recommendedModel.sha256: 64 lower-case hex digits')
        .optional(),
    })
    .optional(),
});
export type AgentPackage = z.infer<typeof AgentPackage>;

export type PackageParse = { ok: true; pkg: AgentPackage } | { ok: false; problem: string };

/**
 * A package file's bytes → the package, or one sentence saying what is wrong and what to do. Never
 * throws: the bytes are a stranger's.
 */
export function parseAgentPackage(bytes: Uint8Array): PackageParse {
  if (bytes.byteLength > AGENT_PACKAGE_MAX_BYTES)
    return {
      ok: false,
      problem: `An agent package is at most ${AGENT_PACKAGE_MAX_BYTES / 1024} KiB; this file has ${bytes.byteLength} bytes.`,
    };
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, problem: 'An agent package is a UTF-8 JSON file; this one is not valid JSON.' };
  }
  const parsed = AgentPackage.safeParse(raw);
  if (parsed.success) return { ok: true, pkg: parsed.data };
  const problems = parsed.error.issues.slice(0, 5).map((i) => {
    const path = i.path.join('.');
    return i.message.startsWith(`${String(i.path[0])}`) || !path ? i.message : `${path}: ${i.message}`;
  });
  return { ok: false, problem: `This is not a valid agent package: ${problems.join('; ')}.` };
}

/** Whether a tool moves value or shares data (the act tools), for the review screen. */
export function movesValueOrData(tool: ToolName): boolean {
  return !(READ_TOOLS as readonly string[]).includes(tool);
}

/** An installed persona: the package as the user reviewed it, kept sealed in the owner. */
export const InstalledPersona = z.object({
  id: z.string(),
  /** The vault item it was installed from. */
  itemId: z.string(),
  installedAt: z.string(),
  pkg: AgentPackage,
  active: z.boolean(),
  /** When the licence it was bought under ended (ISO): it can no longer be used. */
  licenceExpired: z.string().optional(),
});
export type InstalledPersona = z.infer<typeof InstalledPersona>;

/** One suggested limit beside what the user's policy says now (both in the token's units). */
export const LimitSuggestion = z.object({
  token: TokenKey,
  field: LimitField,
  /** The policy key it would set (`limit.<token>.<per-action|daily|task-budget>`). */
  key: z.string(),
  suggested: z.string(),
  /** The user's current limit, in the token's units ("0": every move asks). */
  current: z.string(),
  symbol: z.string().nullable(),
});
export type LimitSuggestion = z.infer<typeof LimitSuggestion>;

/** Exactly what a package asks for, for the user to read before installing it or applying its limits. */
export const PersonaReview = z.object({
  itemId: z.string(),
  itemName: z.string(),
  name: z.string(),
  description: z.string(),
  /** The seller's words, shown as such. */
  systemPrompt: z.string(),
  tools: z.array(z.object({ name: ToolName, movesValueOrData: z.boolean() })),
  limits: z.array(LimitSuggestion),
  model: z.object({ name: z.string(), sha256: z.string().nullable(), installed: z.boolean() }).nullable(),
  /** The persona installed from this item, if any. */
  installedAs: z.string().nullable(),
});
export type PersonaReview = z.infer<typeof PersonaReview>;

/** A vault item that holds a valid package (the "Install from vault" list). */
export const PackageItem = z.object({ itemId: z.string(), itemName: z.string(), name: z.string() });
export type PackageItem = z.infer<typeof PackageItem>;
