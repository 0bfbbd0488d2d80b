// The llm layer's public API. The engine's child process (engine/child/) is not here: it is its own
// bundle, started by path.

export { VaultAdapters } from './adapters.js';
export type { AgentTurnAnswer, AgentTurnRequest, AgentTurns } from './chat/agent-turns.js';
export type { ChatService } from './chat/chat-service.js';
// Chat, persona and memories.
export { createChat } from './chat/create-chat.js';
export type { MemoryStore } from './chat/memories.js';
export type { PersonaStore } from './chat/persona.js';
// JSON sealed with the vault's record key: chat's rows, and the agent's audit log.
export type { RecordVault } from './chat/sealed.js';
export { Sealer } from './chat/sealed.js';
export { engineEmbedder } from './embeddings.js';
export type { EngineHost } from './engine/host/engine-host.js';
export { EngineError } from './engine/host/engine-host.js';
export { grammarSchema, UnsupportedSchemaError } from './engine/json-schema.js';
// The engine's messages and JSON-schema grammars, for the OpenAI-compatible /v1 shell.
export type {
  ConversationMessage,
  GenerateDone,
  JsonSchema,
  MessagesInput,
  ToolCall,
  ToolChoice,
  ToolSpec,
} from './engine/protocol.js';
export { judgeFit } from './hardware.js';
// Bought items: the licence port core wires from the market, and the check that marks a bought GGUF.
export { assertLicensed, expiredAt, type ItemLicences } from './licences.js';
// The engine as the owner sees it: the service holding it, the host's errors, hardware fit.
export { LlmService } from './llm-service.js';
// Models: the catalog and the manager (downloads, imports, roles).
export { loadCatalog } from './models/catalog.js';
export { ModelManager } from './models/model-manager.js';
export { VaultModels } from './models/vault-models.js';
export { callId } from './providers/engine-provider.js';
// The provider the agent's loop takes turns with (the engine, or a script).
export type { ChatProvider, ToolTurn, ToolTurnResult } from './providers/provider.js';
// What the engine reads from the vault: retrieval, embeddings, LoRA adapters.
export { VaultRetriever } from './retrieval/retriever.js';
export { offerBought } from './vault-parts.js';
