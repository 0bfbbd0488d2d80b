import type { AppStatus } from '../../src-shared/domain/status.js';
import { useActiveNetwork, useNetwork } from '../state/network.js';

/**
 * The active network in the status bar, with a DEVNET badge that cannot be missed: coins on a local
 * test chain have no value, and a user must never confuse it with a real one (or the reverse).
 */
export function NetworkBadge({ fallback }: { fallback: AppStatus['network'] }) {
  const active = useActiveNetwork();
  const known = useNetwork((s) => s.networks !== null);
  const name = known ? active?.name : fallback?.name;
  const devnet = known ? active?.kind === 'devnet' : fallback?.devnet;
  const chainId = known ? active?.chainId : fallback?.chainId;
  return (
    <span className="status-item" data-testid="status-network">
      <span className="status-label">Network:</span> {name ?? 'none'}
      {devnet && (
        <span
          className="status-devnet"
          title={`A local test chain (chain id ${chainId}): its coins have no value`}
        >
          DEVNET
        </span>
      )}
    </span>
  );
}
