import { create } from 'zustand';
import type { PolicySettings } from '../../src-shared/domain/agent.js';
import type {
  InstalledPersona,
  LimitField,
  PackageItem,
  PersonaReview,
} from '../../src-shared/domain/agent-package.js';
import { client } from '../bridge.js';
import { errorMessage } from './errors.js';

interface PersonasState {
  /** Installed personas (the active one marked); null until the owner first answers. */
  personas: InstalledPersona[] | null;
  /** Vault items that hold a valid agent package. */
  packages: PackageItem[] | null;
  error: string | null;
  /** The review on screen, if any. */
  review: PersonaReview | null;
  /** Bumped when the policy changed here, so the policy panel reads it again. */
  policyVersion: number;
  load(): Promise<void>;
  open(itemId: string): Promise<void>;
  close(): void;
  install(itemId: string): Promise<void>;
  activate(id: string | null): Promise<void>;
  uninstall(id: string): Promise<void>;
  applyLimits(id: string, picks: { token: string; field: LimitField }[]): Promise<PolicySettings>;
}

/**
 * The Agent page's Personas section: installed agent packages, the vault items that hold one, and the
 * review screen. Installing never changes the policy; applyLimits sets only what the user ticked.
 */
export const usePersonas = create<PersonasState>()((set, get) => ({
  personas: null,
  packages: null,
  error: null,
  review: null,
  policyVersion: 0,
  async load() {
    try {
      const [{ personas }, { items }] = await Promise.all([
        client.agent.personas({}),
        client.agent.personaPackages({}),
      ]);
      set({ personas, packages: items, error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
  async open(itemId) {
    set({ review: await client.agent.reviewPersona({ itemId }) });
  },
  close() {
    set({ review: null });
  },
  async install(itemId) {
    await client.agent.installPersona({ itemId });
    const review = await client.agent.reviewPersona({ itemId });
    set({ review });
    await get().load();
  },
  async activate(id) {
    set({ personas: (await client.agent.activatePersona({ id })).personas });
  },
  async uninstall(id) {
    set({ personas: (await client.agent.uninstallPersona({ id })).personas });
  },
  async applyLimits(id, picks) {
    const policy = await client.agent.applyPersonaLimits({ id, picks });
    const review = get().review;
    set({
      policyVersion: get().policyVersion + 1,
      review: review && (await client.agent.reviewPersona({ itemId: review.itemId })),
    });
    return policy;
  },
}));
