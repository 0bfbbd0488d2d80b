import type { ServiceClient } from '../../src-shared/api/define.js';
import type { networkService } from '../../src-shared/api/services/network.js';
import type { txService } from '../../src-shared/api/services/tx.js';
import type { walletService } from '../../src-shared/api/services/wallet.js';
import { SahelError } from '../../src-shared/errors.js';
import { client } from '../bridge.js';

interface WalletServices {
  wallet: ServiceClient<typeof walletService>;
  network: ServiceClient<typeof networkService>;
  tx: ServiceClient<typeof txService>;
}

/**
 * One of the wallet's three services, or null when this build's contract does not carry it yet: the
 * page then says that part is not available instead of failing on an undefined method.
 */
export function walletApi<K extends keyof WalletServices>(name: K): WalletServices[K] | null {
  const services = client as unknown as Partial<WalletServices>;
  return services[name] ?? null;
}

/** The owner answered that it has no such procedure (an older or half-built owner). */
export function isMissing(err: unknown): boolean {
  return SahelError.is(err) && (err.code === 'UNKNOWN_PROCEDURE' || err.code === 'NOT_IMPLEMENTED');
}

export function isLocked(err: unknown): boolean {
  return SahelError.is(err) && err.code === 'LOCKED';
}
