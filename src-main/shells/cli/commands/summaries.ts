/**
 * The one line `sahel --help` shows for each command defined in its own module; the modules use
 * the same text for their own help. Kept apart from groups.ts, which loads those modules.
 */
export const SUMMARY = {
  vault: 'the encrypted vault: init, add, list, search, get, export, identity',
  wallet: 'the wallet: create, import, accounts, backup, export, balance, send',
  models: 'local models: list, pull, import, rm, use',
  chat: 'chat with the local model (interactive when no message is given)',
  network: 'the chain Sahel uses: the embedded devnet (default) or any EVM RPC',
  contracts: 'the marketplace contracts on a network',
  devnet: 'the local development chain: start it stand-alone, stop it, see it',
  market: 'the marketplace: search, show, publish, buy, licenses, sales, refund, earnings, withdraw',
  agent: 'the agent: tools, policy, approvals, approve, reject, audit',
  tasks: 'delegated background tasks: list, add, show, run, pause, resume, rm, logs',
} as const;
