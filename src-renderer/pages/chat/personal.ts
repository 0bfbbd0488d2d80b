import { create } from 'zustand';
import type { Memory, Persona } from '../../../src-shared/domain/chat.js';
import { chatApi } from '../../state/chat.js';
import { errorMessage } from '../../state/errors.js';

/** The persona and the memories: sealed in the vault, so shown only while it is unlocked. */
interface PersonalStore {
  persona: Persona | null;
  memories: Memory[] | null;
  error: string | null;
  load(): Promise<void>;
  savePersona(p: Persona): Promise<void>;
  addMemory(text: string): Promise<void>;
  updateMemory(id: string, text: string): Promise<void>;
  removeMemory(id: string): Promise<void>;
  clear(): void;
}

let epoch = 0;

export const usePersonal = create<PersonalStore>()((set) => ({
  persona: null,
  memories: null,
  error: null,

  async load() {
    const api = chatApi();
    const myEpoch = epoch;
    try {
      const [persona, { memories }] = await Promise.all([api.persona({}), api.memories({})]);
      if (myEpoch === epoch) set({ persona, memories, error: null });
    } catch (err) {
      if (myEpoch === epoch) set({ error: errorMessage(err) });
    }
  },

  async savePersona(p) {
    set({ persona: await chatApi()!.setPersona(p) });
  },

  async addMemory(text) {
    const m = await chatApi()!.addMemory({ text });
    set((s) => ({ memories: [m, ...(s.memories ?? []).filter((x) => x.id !== m.id)] }));
  },

  async updateMemory(id, text) {
    const m = await chatApi()!.updateMemory({ id, text });
    set((s) => ({ memories: (s.memories ?? []).map((x) => (x.id === id ? m : x)) }));
  },

  async removeMemory(id) {
    await chatApi()!.removeMemory({ id });
    set((s) => ({ memories: (s.memories ?? []).filter((x) => x.id !== id) }));
  },

  clear() {
    epoch++;
    set({ persona: null, memories: null, error: null });
  },
}));
