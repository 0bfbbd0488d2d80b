import type { ContractClient, ContractDef, ProcedureName } from './define.js';
import { agentService } from './services/agent.js';
import { appService } from './services/app.js';
import { chatService } from './services/chat.js';
import { marketService } from './services/market.js';
import { modelsService } from './services/models.js';
import { networkService } from './services/network.js';
import { settingsService } from './services/settings.js';
import { tasksService } from './services/tasks.js';
import { txService } from './services/tx.js';
import { vaultService } from './services/vault.js';
import { walletService } from './services/wallet.js';

/**
 * The whole API between the UI (or the CLI, or a script) and the owner process. Every transport
 * (Electron IPC, WebSocket, the local socket) carries exactly these procedures and the events in
 * events.ts; handlers in src-main/api implement them once.
 */
export const contract = {
  app: appService,
  settings: settingsService,
  vault: vaultService,
  wallet: walletService,
  models: modelsService,
  network: networkService,
  tx: txService,
  chat: chatService,
  market: marketService,
  agent: agentService,
  tasks: tasksService,
} as const satisfies ContractDef;

export type Contract = typeof contract;
export type SahelClient = ContractClient<Contract>;
export type SahelProcedure = ProcedureName<Contract>;
