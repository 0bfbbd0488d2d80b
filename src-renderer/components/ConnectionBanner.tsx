import { connection as bridgeConnection, GONE_MESSAGE } from '../bridge.js';
import { useApp } from '../state/app.js';
import { Button } from './Button.js';

/** A slim notice while the bridge is down; the rest of the UI stays as it was. */
export function ConnectionBanner() {
  const connection = useApp((s) => s.connection);
  const everConnected = useApp((s) => s.everConnected);
  if (connection === 'open') return null;
  if (connection === 'gone') {
    return (
      <div className="connection-banner" role="alert" data-testid="connection-gone">
        <span>{GONE_MESSAGE}</span>
        <button type="button" className="link-button" onClick={() => bridgeConnection.retry()}>
          Try this address again
        </button>
      </div>
    );
  }

  return (
    <div className="connection-banner" role="alert">
      <span className="spinner" aria-hidden="true" />
      <span>{everConnected ? 'Reconnecting to Sahel…' : 'Connecting to Sahel…'}</span>
      <Button variant="link" onClick={() => bridgeConnection.retry()}>
        Retry now
      </Button>
    </div>
  );
}
