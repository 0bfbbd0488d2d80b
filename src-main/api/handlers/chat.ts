import type { Contract } from '../../../src-shared/api/contract.js';
import type { ChatService, MemoryStore, PersonaStore } from '../../llm/index.js';
import { vaultCall } from '../../vault/index.js';
import type { EventBus } from '../event-bus.js';
import type { ServiceHandlers } from '../handlers.js';

export interface ChatHandlerDeps {
  chat: ChatService;
  persona: PersonaStore;
  memories: MemoryStore;
  bus: EventBus;
}

/** The `chat` service. Sealed history needs the unlocked vault: its LOCKED becomes the API's. */
export function chatHandlers({
  chat,
  persona,
  memories,
  bus,
}: ChatHandlerDeps): ServiceHandlers<Contract['chat']> {
  const memoriesChanged = <T>(v: T): T => {
    bus.emit('chat.memories', {});
    return v;
  };
  return {
    readiness: () => chat.readiness(),
    list: ({ cursor, limit }) => vaultCall(() => chat.list(cursor, limit)),
    get: ({ id }) => vaultCall(() => chat.get(id)),
    create: ({ title }) => vaultCall(() => chat.create(title)),
    send: (input) => vaultCall(() => chat.send(input)),
    stop: ({ conversationId }) => ({ stopped: chat.stop(conversationId) }),
    regenerate: ({ conversationId, maxTokens, seed }) =>
      vaultCall(() => chat.regenerate(conversationId, { maxTokens, seed, freshSeed: true })),
    setSampling: ({ conversationId, sampling }) =>
      vaultCall(() => chat.setSampling(conversationId, sampling)),
    edit: ({ conversationId, messageId, text, maxTokens }) =>
      vaultCall(() => chat.edit(conversationId, messageId, text, { maxTokens })),
    rename: ({ id, title }) => vaultCall(() => chat.rename(id, title)),
    remove: ({ id }) => vaultCall(() => ({ removed: chat.remove(id) })),
    search: ({ query, limit }) => vaultCall(async () => ({ hits: await chat.search(query, limit) })),
    persona: () => vaultCall(() => persona.get()),
    setPersona: (p) => vaultCall(() => memoriesChanged(persona.set(p))),
    memories: () => vaultCall(() => memories.listWithUnreadable()),
    addMemory: ({ text }) => vaultCall(() => memoriesChanged(memories.add(text, 'user'))),
    updateMemory: ({ id, text }) => vaultCall(() => memoriesChanged(memories.update(id, text))),
    removeMemory: ({ id }) => vaultCall(() => memoriesChanged({ removed: memories.remove(id) })),
  };
}
