import { useEffect } from 'react';
import { RetryError } from '../../components/RetryError.js';
import { useApp } from '../../state/app.js';

export function AboutSection() {
  const info = useApp((s) => s.info);
  const error = useApp((s) => s.infoError);
  const loadInfo = useApp((s) => s.loadInfo);

  useEffect(() => {
    if (!useApp.getState().info) void loadInfo();
  }, [loadInfo]);

  return (
    <section className="settings-section" aria-labelledby="about-title">
      <h2 id="about-title" className="section-title">
        About
      </h2>
      {info ? (
        <dl className="about-list">
          <dt>Version</dt>
          <dd>Sahel {info.version}</dd>
          <dt>Platform</dt>
          <dd>
            {info.platform} · Node {info.node}
          </dd>
          <dt>Data directory</dt>
          <dd className="mono">{info.dataDir}</dd>
          <dt>Log file</dt>
          <dd className="mono">{info.logFile}</dd>
        </dl>
      ) : error ? (
        <RetryError onRetry={() => loadInfo()}>Could not load the app’s details: {error}</RetryError>
      ) : (
        <p className="muted">Loading…</p>
      )}
    </section>
  );
}
