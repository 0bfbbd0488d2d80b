// The api layer's public API: what core.ts wires and the shells attach.

export { EventBus } from './event-bus.js';
export { agentHandlers } from './handlers/agent.js';
export { appHandlers } from './handlers/app.js';
export { chatHandlers } from './handlers/chat.js';
export { marketHandlers } from './handlers/market.js';
export { marketBuyHandlers } from './handlers/market-buy.js';
export { marketEarningsHandlers } from './handlers/market-earnings.js';
export { marketPublishHandlers } from './handlers/market-publish.js';
export { modelsHandlers } from './handlers/models.js';
export { networkHandlers } from './handlers/network.js';
export { settingsHandlers } from './handlers/settings.js';
export { tasksHandlers } from './handlers/tasks.js';
export { txHandlers } from './handlers/tx.js';
export { vaultHandlers } from './handlers/vault.js';
export { walletHandlers } from './handlers/wallet.js';
// The router (validates input, maps errors), the event bus, and a handler set per contract area.
export { Router } from './router.js';
export { connectSocket } from './socket-client.js';
export { connectWire } from './socket-wire.js';
// Transports: Electron IPC, the WebSocket, the CLI's unix socket, and the CLI's client for it.
export { attachIpc } from './transports/ipc.js';
export { listenSocket } from './transports/socket.js';
export type { UpgradeGate } from './transports/ws.js';
export { webSocketEndpoint } from './transports/ws.js';
