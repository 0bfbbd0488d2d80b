import { connection as bridgeConnection } from '../bridge.js';
import { useApp } from '../state/app.js';
import { Button } from './Button.js';

/** A slim notice while the bridge is down; the rest of the UI stays as it was. */
export function ConnectionBanner() {
  const connection = useApp((s) => s.connection);
  const everConnected = useApp((s) => s.everConnected);
  if (connection === 'open') return null;

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
