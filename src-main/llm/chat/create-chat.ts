import type { Logger } from '../../platform/index.js';
import { ChatRepo, type Db } from '../../store/index.js';
import { EngineProvider, type LlmSource } from '../providers/engine-provider.js';
import type { ChatProvider } from '../providers/provider.js';
import { ScriptedProvider } from '../providers/scripted-provider.js';
import { type ChatEvents, ChatService, type ChatServiceOptions } from './chat-service.js';
import { ChatHistory } from './history.js';
import { MemoryStore } from './memories.js';
import { PersonaStore } from './persona.js';
import type { Retriever } from './prompt.js';
import { type RecordVault, Sealer } from './sealed.js';
import { ChatSearchService, type ChatSearchServiceOptions } from './search-service.js';
import { SearchSnapshotFile } from './search-snapshot.js';

export interface CreateChatOptions {
  db: Db;
  vault: RecordVault;
  llm: LlmSource;
  retriever?: Retriever;
  /** 'engine' (absent: the same), 'scripted:<file>' (fixed outputs, for tests and demos), or one built already. */
  provider?: string | ChatProvider | undefined;
  settings: ChatServiceOptions['settings'];
  events: ChatEvents;
  log: Logger;
  /** The agent's turn, once core.ts has built the agent (see ChatServiceOptions['agent']). */
  agent?: ChatServiceOptions['agent'];
  /** The sealed search-index snapshot (in the data dir); absent: the index is rebuilt at every unlock. */
  searchSnapshot?: string | undefined;
  /** Catch-up step and snapshot timing (defaults suit the app; tests shorten them). */
  searchTuning?: Pick<
    ChatSearchServiceOptions,
    'batch' | 'lockWriteMin' | 'idleWriteMin' | 'writeDelayMs' | 'writeMaxDelayMs'
  >;
}

export interface Chat {
  service: ChatService;
  search: ChatSearchService;
  persona: PersonaStore;
  memories: MemoryStore;
  /** Where replies come from: the agent's loop takes its turns from the same one. */
  provider: ChatProvider;
}

/** Chat's parts over one database and vault; core.ts wires their events and the vault's lock state. */
export function createChat(opts: CreateChatOptions): Chat {
  const repo = new ChatRepo(opts.db);
  const sealer = new Sealer(opts.vault);
  const persona = new PersonaStore(repo, sealer);
  const memories = new MemoryStore(repo, sealer);
  const provider = chooseProvider(opts.provider, opts.llm);
  const history = new ChatHistory(repo, sealer);
  const search = new ChatSearchService({
    repo,
    history,
    snapshot: opts.searchSnapshot ? new SearchSnapshotFile(opts.searchSnapshot, opts.vault) : undefined,
    log: opts.log,
    ...opts.searchTuning,
  });
  const service = new ChatService({
    history,
    search,
    persona,
    memories,
    provider: () => provider,
    ...(opts.retriever ? { retriever: () => opts.retriever } : {}),
    settings: opts.settings,
    events: opts.events,
    log: opts.log,
    ...(opts.agent ? { agent: opts.agent } : {}),
  });
  return { service, search, persona, memories, provider };
}

function chooseProvider(spec: CreateChatOptions['provider'], llm: LlmSource): ChatProvider {
  if (typeof spec === 'object') return spec;
  if (spec?.startsWith('scripted:')) return ScriptedProvider.fromFile(spec.slice('scripted:'.length));
  return new EngineProvider(llm);
}
