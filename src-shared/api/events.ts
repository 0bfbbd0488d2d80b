import { z } from 'zod';
import { Approval } from '../domain/agent.js';
import { ChatId, ChatMessage, ChatStepEvent, ChatTokenEvent, ChatTurn } from '../domain/chat.js';
import { MarketActivity } from '../domain/market-buy.js';
import { EngineStatus, ModelId, ModelProgress } from '../domain/models.js';
import { NetworkInfo } from '../domain/network.js';
import { Settings } from '../domain/settings.js';
import { AppStatus } from '../domain/status.js';
import { TaskNotificationEvent, TaskRunEvent } from '../domain/tasks.js';
import { TxRecord } from '../domain/tx.js';
import { VaultProgress, VaultState } from '../domain/vault.js';
import { WalletStatus } from '../domain/wallet.js';

/** Events pushed from the owner process to subscribers, on the same transports as the procedures. */
export const events = {
  'app.status': AppStatus,
  'settings.changed': Settings,
  'vault.state': VaultState,
  /** The item list changed (import, delete, rename): views reload what they show. */
  'vault.changed': z.object({ ids: z.array(z.string()) }),
  'vault.progress': VaultProgress,
  /** Accounts were created, imported, added or renamed, or the backup was confirmed. */
  'wallet.changed': WalletStatus,
  /** Another network became active (or the active one's contracts changed): chain views reload. */
  'network.changed': NetworkInfo,
  /** A model download's bytes, speed and ETA, a few times a second, and its end. */
  'models.progress': ModelProgress,
  /** Models were added, removed, or changed state: lists reload. */
  'models.changed': z.object({ ids: z.array(ModelId) }),
  /** The engine loaded, unloaded, crashed or recovered. */
  'llm.engine': EngineStatus,
  /**
   * A licence bought or sold here changed (bought, delivered, received, failed, refunded): what is in
   * flight now. Market views reload their lists; the status bar shows the counts.
   */
  'market.activity': MarketActivity,
  /** A wallet transaction was stored, broadcast, mined, replaced or dropped. */
  'tx.updated': TxRecord,
  /** A chat turn began: the user message is stored (null for regenerate); `replyId` will stream. */
  'chat.started': z.object({ conversationId: ChatId, replyId: ChatId, userMessage: ChatMessage.nullable() }),
  /** A piece of a reply; renderers append pieces and paint once per frame. */
  'chat.token': ChatTokenEvent,
  /** A step of an agent's reply (a lookup, a proposal, the policy's decision, a result). */
  'chat.step': ChatStepEvent,
  /** A turn ended (done, stopped or failed): the stored messages, the same as the procedure's result. */
  'chat.done': ChatTurn,
  /** Conversations were created, renamed or deleted: lists reload. */
  'chat.changed': z.object({ ids: z.array(ChatId) }),
  /** The memories or the persona changed. */
  'chat.memories': z.object({}),
  /** An approval was asked for, answered or expired: the queue as it is now (pending first). */
  'agent.approvals': z.object({ approvals: z.array(Approval) }),
  /** The audit log grew: views of the agent's activity reload. */
  'agent.audit': z.object({ seq: z.number().int() }),
  /** A delegated task's run was queued, started or ended: task views reload it. */
  'tasks.run': TaskRunEvent,
  /** A notify task's notification (OS notifications in Electron, the browser's in headless). */
  'tasks.notification': TaskNotificationEvent,
} as const;

export type SahelEvents = typeof events;
export type EventName = keyof SahelEvents;
export type EventPayload<N extends EventName> = z.output<SahelEvents[N]>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
