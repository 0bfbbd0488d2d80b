import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { PolicySettings } from '../../../src-shared/domain/agent.js';
import {
  AgentPackage,
  type InstalledPersona,
  LIMIT_FIELDS,
  type LimitField,
  type PackageItem,
  type PersonaReview,
} from '../../../src-shared/domain/agent-package.js';
import { type InstalledModel, licenceExpiredLabel } from '../../../src-shared/domain/models.js';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { SahelError } from '../../../src-shared/errors.js';
import { assertLicensed, expiredAt, type ItemLicences, Sealer } from '../../llm/index.js';
import { readAgentPackage } from '../../market/index.js';
import type { ChatRepo } from '../../store/index.js';
import { vaultCall } from '../../vault/index.js';
import type { ActivePersona } from '../loop/system-prompt.js';
import type { PolicyStore } from '../policy/policy-store.js';
import { type PersonaVault, reviewOf } from './review.js';

const KIND = 'agent.personas';
const KEY = 'agent.personas';
const MAX_INSTALLED = 32;
/** Vault items read when looking for packages (the smallest first): a bound on the work of one list. */
const MAX_CANDIDATES = 200;

const Stored = z.object({
  id: z.string(),
  itemId: z.string(),
  installedAt: z.string(),
  pkg: AgentPackage,
});
const Record_ = z.object({ active: z.string().nullable(), personas: z.array(Stored).max(MAX_INSTALLED) });
type Stored = z.infer<typeof Stored>;
type Record_ = z.infer<typeof Record_>;

export interface PersonasOptions {
  /** Where the sealed record lives (chat's single records: one sealed row, no table of its own). */
  repo: Pick<ChatRepo, 'record' | 'putRecord'>;
  vault: PersonaVault;
  policy: PolicyStore;
  tokenUnits(token: string): Promise<{ decimals: number; symbol: string }>;
  models(): InstalledModel[];
  /** The market's answer on bought items (core.ts hands it in); absent: nothing here was bought. */
  licences?: ItemLicences;
  now?: () => number;
}

/** A suggested limit the user ticked on the review screen. */
export interface LimitPick {
  token: string;
  field: LimitField;
}

/**
 * Installed agent packages (personas) and which one is active, sealed at rest in one record. Installing
 * keeps the package and never touches the policy; its suggested limits reach the policy only through
 * `applySuggestedLimits` with the limits the user ticked, each change audited as the user's.
 */
export class Personas {
  private readonly sealer: Sealer;

  constructor(private readonly o: PersonasOptions) {
    this.sealer = new Sealer(o.vault);
  }

  list(): InstalledPersona[] {
    const r = this.load();
    return r.personas.map((p) => {
      const ended = expiredAt(this.o.licences, p.itemId);
      return { ...p, active: p.id === r.active, ...(ended === null ? {} : { licenceExpired: ended }) };
    });
  }

  /**
   * The active persona for the loop, or null (every tool). LOCKED while the vault is locked. One
   * whose licence has ended is refused (FORBIDDEN), not dropped: falling back to every tool without
   * the user's word would widen what the agent may do, and the seller's prompt may not be used.
   */
  active(): ActivePersona | null {
    const r = this.load();
    const p = r.personas.find((x) => x.id === r.active);
    if (!p) return null;
    const ended = expiredAt(this.o.licences, p.itemId);
    if (ended !== null)
      throw new SahelError(
        'FORBIDDEN',
        `The persona "${p.pkg.name}" cannot be used: its ${licenceExpiredLabel(ended)}. Choose another persona, or none, on the Agent page (sahel agent use none).`,
      );
    return { name: p.pkg.name, systemPrompt: p.pkg.systemPrompt, tools: p.pkg.tools };
  }

  /** Vault items that hold a valid package (what "Install from vault" offers). */
  packages(): Promise<PackageItem[]> {
    return vaultCall(async () => {
      const candidates = this.allItems()
        .filter((i) => (i.kind === 'file' || i.kind === 'note') && i.size > 0 && i.size <= 64 * 1024)
        .sort((a, b) => a.size - b.size)
        .slice(0, MAX_CANDIDATES);
      const out: PackageItem[] = [];
      for (const item of candidates) {
        const parsed = await readAgentPackage(this.o.vault.items, item).catch(() => null);
        if (parsed?.ok) out.push({ itemId: item.id, itemName: item.name, name: parsed.pkg.name });
      }
      return out;
    });
  }

  /** Exactly what the package in this vault item asks for, beside the user's current limits. */
  review(itemId: string): Promise<PersonaReview> {
    return vaultCall(async () => {
      const { item, pkg } = await this.read(itemId);
      const installed = this.load().personas.find((p) => p.itemId === itemId);
      return reviewOf(
        { item, pkg, installedAs: installed?.id ?? null },
        { policy: this.o.policy.get(), tokenUnits: this.o.tokenUnits, models: this.o.models() },
      );
    });
  }

  /** Keeps the package as a persona (not active, the policy untouched); again from the same item: updated. */
  install(itemId: string): Promise<InstalledPersona> {
    return vaultCall(async () => {
      const { pkg } = await this.read(itemId);
      const r = this.load();
      const same = r.personas.find((p) => p.itemId === itemId);
      if (!same && r.personas.length >= MAX_INSTALLED)
        throw new SahelError(
          'CONFLICT',
          `At most ${MAX_INSTALLED} personas are installed: uninstall one first.`,
        );
      const stored: Stored = same
        ? { ...same, pkg }
        : {
            id: randomBytes(8).toString('hex'),
            itemId,
            installedAt: new Date((this.o.now ?? Date.now)()).toISOString(),
            pkg,
          };
      const personas = same ? r.personas.map((p) => (p === same ? stored : p)) : [...r.personas, stored];
      this.save({ ...r, personas });
      return { ...stored, active: r.active === stored.id };
    });
  }

  /** Makes one persona the agent's (null: none, every tool). */
  activate(id: string | null): InstalledPersona | null {
    const r = this.load();
    if (id === null) {
      this.save({ ...r, active: null });
      return null;
    }
    const p = this.find(r, id);
    this.save({ ...r, active: p.id });
    return { ...p, active: true };
  }

  uninstall(id: string): void {
    const r = this.load();
    const p = this.find(r, id);
    this.save({ active: r.active === p.id ? null : r.active, personas: r.personas.filter((x) => x !== p) });
  }

  /**
   * Sets the suggested limits the user ticked, and only those, through the policy store (each change
   * audited as the user's `policy.set`). All picks are checked before the first is set.
   */
  async applySuggestedLimits(id: string, picks: LimitPick[]): Promise<PolicySettings> {
    if (picks.length === 0) throw new SahelError('BAD_INPUT', 'Tick at least one limit to apply.');
    const p = this.find(this.load(), id);
    const changes = picks.map(({ token, field }) => {
      const s = (p.pkg.suggestedLimits ?? []).find((l) => l.token.toLowerCase() === token.toLowerCase());
      const value = s?.[field];
      if (!s || value === undefined)
        throw new SahelError('BAD_INPUT', `${p.pkg.name} suggests no ${field} limit for ${token}.`);
      return { token: s.token, key: `limit.${s.token}.${LIMIT_FIELDS[field]}`, value };
    });
    let settings = this.o.policy.get();
    for (const c of changes) settings = this.o.policy.set(c.key, c.value, await this.o.tokenUnits(c.token));
    return settings;
  }

  private async read(itemId: string) {
    const item = this.o.vault.items.get(itemId);
    assertLicensed(this.o.licences, item.id, item.name);
    const parsed = await readAgentPackage(this.o.vault.items, item);
    if (!parsed.ok) throw new SahelError('BAD_INPUT', `${item.name}: ${parsed.problem}`);
    return { item, pkg: parsed.pkg };
  }

  private allItems(): VaultItem[] {
    const out: VaultItem[] = [];
    const walk = (parent: string | null, depth: number) => {
      for (const i of this.o.vault.items.list(parent)) {
        out.push(i);
        if (i.kind === 'folder' && depth < 16) walk(i.id, depth + 1);
      }
    };
    walk(null, 0);
    return out;
  }

  private find(r: Record_, id: string): Stored {
    const p = r.personas.find((x) => x.id === id);
    if (!p) throw new SahelError('NOT_FOUND', `No installed persona has the id ${id.slice(0, 40)}.`);
    return p;
  }

  private load(): Record_ {
    const body = this.o.repo.record(KEY);
    if (!body) {
      // Reading the empty list must still need the vault, like every other sealed read.
      this.sealer.seal(KIND, KEY, null);
      return { active: null, personas: [] };
    }
    return this.sealer.open(KIND, KEY, body, Record_);
  }

  private save(r: Record_): void {
    this.o.repo.putRecord(KEY, this.sealer.seal(KIND, KEY, Record_.parse(r)));
  }
}
