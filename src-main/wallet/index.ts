// The wallet layer's public API: the wallet itself (accounts, keystore, signers). Keys never leave it.
export { Wallet } from './wallet.js';
