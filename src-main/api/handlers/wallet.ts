import type { Contract } from '../../../src-shared/api/contract.js';
import type { Wallet } from '../../wallet/index.js';
import type { ServiceHandlers } from '../handlers.js';

/**
 * The wallet's procedures. The wallet throws the API's typed errors itself (its signers are used by
 * the chain layer without this file in between), so there is nothing to translate here.
 */
export function walletHandlers(wallet: Wallet): ServiceHandlers<Contract['wallet']> {
  return {
    status: () => wallet.status(),
    create: ({ words }) => wallet.create(words),
    backupWords: () => ({ words: wallet.backupWords() }),
    backupQuiz: () => ({ positions: wallet.backupQuiz() }),
    confirmBackup: ({ answers }) => wallet.confirmBackup(answers),
    revealWords: async ({ passphrase }) => ({ words: await wallet.revealWords(passphrase) }),
    import: (input) => {
      switch (input.kind) {
        case 'mnemonic':
          return wallet.importMnemonic(input.mnemonic, input.name);
        case 'privateKey':
          return wallet.importPrivateKey(input.privateKey, input.name);
        case 'keystore':
          return wallet.importKeystore(input.json, input.password, input.name);
      }
    },
    accounts: () => ({ accounts: wallet.accounts() }),
    addAccount: ({ name }) => wallet.addAccount(name),
    renameAccount: ({ address, name }) => wallet.renameAccount(address, name),
    exportKeystore: async ({ address, password, passphrase }) => ({
      json: await wallet.exportKeystore(address, password, passphrase),
    }),
  };
}
