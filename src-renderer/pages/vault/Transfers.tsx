import { Button } from '../../components/Button.js';
import { formatBytes } from '../../components/format.js';
import { type Transfer, useVault } from '../../state/vault.js';

function percent(t: Transfer): number | null {
  if (t.phase === 'done') return 100;
  if (!t.total) return null;
  return Math.min(100, Math.floor((t.bytes / t.total) * 100));
}

/** Files on their way into the vault: name, progress, and how each one ended. */
export function Transfers() {
  const transfers = useVault((s) => s.transfers);
  const clear = useVault((s) => s.clearFinishedTransfers);
  if (transfers.length === 0) return null;
  const running = transfers.filter((t) => t.phase === 'running').length;
  const failed = transfers.filter((t) => t.phase === 'failed').length;

  return (
    <section className="vault-transfers" aria-labelledby="vault-transfers-title">
      <header className="vault-transfers-header">
        <h2 id="vault-transfers-title" className="vault-transfers-title">
          {running > 0
            ? `Importing ${running} of ${transfers.length}…`
            : failed > 0
              ? `Imported ${transfers.length - failed} of ${transfers.length}; ${failed} failed`
              : `Imported ${transfers.length === 1 ? '1 file' : `${transfers.length} files`}`}
        </h2>
        {running < transfers.length && (
          <Button variant="link" onClick={clear}>
            Dismiss
          </Button>
        )}
      </header>
      <ul className="vault-transfer-list">
        {transfers.map((t) => {
          const p = percent(t);
          return (
            <li key={t.key} className="vault-transfer" data-phase={t.phase}>
              <span className="vault-transfer-name" title={t.name}>
                {t.name}
              </span>
              <span
                className="vault-progress"
                role="progressbar"
                aria-label={`Importing ${t.name}`}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={p ?? undefined}
              >
                <span className="vault-progress-fill" style={{ width: `${p ?? 0}%` }} />
              </span>
              <span className="vault-transfer-state">
                {t.phase === 'done'
                  ? 'Done'
                  : t.phase === 'failed'
                    ? `Failed: ${t.error ?? 'unknown error'}`
                    : p === null
                      ? formatBytes(t.bytes)
                      : t.bytes === 0
                        ? 'Waiting…'
                        : `${p}%`}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
