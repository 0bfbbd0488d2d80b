import type { PolicySettings, TokenLimits } from '../../../src-shared/domain/agent.js';
import {
  type AgentPackage,
  LIMIT_FIELDS,
  type LimitField,
  type LimitSuggestion,
  movesValueOrData,
  type PersonaReview,
} from '../../../src-shared/domain/agent-package.js';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import type { InstalledModel } from '../../../src-shared/domain/models.js';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import type { RecordVault } from '../../llm/index.js';
import type { Vault } from '../../vault/index.js';

export type PersonaVault = RecordVault & Pick<Vault, 'items'>;

/** The policy's field for each suggestion. */
const POLICY_FIELD: Record<LimitField, 'perAction' | 'daily' | 'taskBudget'> = {
  perAction: 'perAction',
  perDay: 'daily',
  taskBudget: 'taskBudget',
};

/**
 * What a package asks for, in full: the seller's prompt as written (the screen labels it as theirs),
 * each tool with whether it moves value or data, each suggested limit beside the user's own, and the
 * recommended model with whether it is installed (by its sha256 when the package gives one).
 */
export async function reviewOf(
  t: { item: VaultItem; pkg: AgentPackage; installedAs: string | null },
  now: {
    policy: PolicySettings;
    tokenUnits(token: string): Promise<{ decimals: number; symbol: string }>;
    models: InstalledModel[];
  },
): Promise<PersonaReview> {
  const { pkg } = t;
  const limits: LimitSuggestion[] = [];
  for (const s of pkg.suggestedLimits ?? []) {
    const units = await now.tokenUnits(s.token).catch(() => null);
    const mine = now.policy.limits.find((l) => l.token.toLowerCase() === s.token.toLowerCase());
    for (const field of Object.keys(LIMIT_FIELDS) as LimitField[]) {
      const suggested = s[field];
      if (suggested === undefined) continue;
      limits.push({
        token: s.token,
        field,
        key: `limit.${s.token}.${LIMIT_FIELDS[field]}`,
        suggested,
        current: currentLimit(mine, field, units?.decimals),
        symbol: units?.symbol ?? mine?.symbol ?? null,
      });
    }
  }
  const m = pkg.recommendedModel;
  return {
    itemId: t.item.id,
    itemName: t.item.name,
    name: pkg.name,
    description: pkg.description,
    systemPrompt: pkg.systemPrompt,
    tools: pkg.tools.map((name) => ({ name, movesValueOrData: movesValueOrData(name) })),
    limits,
    model: m ? { name: m.name, sha256: m.sha256 ?? null, installed: modelInstalled(now.models, m) } : null,
    installedAs: t.installedAs,
  };
}

function currentLimit(mine: TokenLimits | undefined, field: LimitField, decimals?: number): string {
  if (!mine) return '0';
  const d = mine.decimals ?? decimals;
  const base = mine[POLICY_FIELD[field]];
  return d === undefined ? `${base} base units` : formatUnits(base, d);
}

function modelInstalled(
  models: InstalledModel[],
  want: { name: string; sha256?: string | undefined },
): boolean {
  const ready = models.filter((x) => x.state === 'ready');
  if (want.sha256) return ready.some((x) => x.sha256 === want.sha256);
  const name = want.name.toLowerCase();
  return ready.some((x) => x.name.toLowerCase() === name || x.id === name);
}
