import { useEffect, useState } from 'react';
import type { ToolInfo } from '../../../src-shared/domain/agent.js';
import { RetryError } from '../../components/RetryError.js';
import { agentApi } from '../../state/agent.js';
import { errorMessage } from '../../state/errors.js';

/** The tools the agent may call: reads run at once, acts go through the policy. */
export function ToolsList() {
  const [tools, setTools] = useState<ToolInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    try {
      setTools(await agentApi.tools());
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once when shown
  useEffect(() => {
    void load();
  }, []);
  return (
    <section className="agent-section" aria-labelledby="agent-tools-title">
      <h2 id="agent-tools-title" className="agent-section-title">
        Tools
      </h2>
      {error && <RetryError onRetry={load}>Could not list the tools: {error}</RetryError>}
      {!tools && !error && <p className="field-hint">Reading the tools…</p>}
      <dl className="agent-tools" data-testid="agent-tools">
        {tools?.map((t) => (
          <div key={t.name} data-tool={t.name}>
            <dt className="mono">
              {t.name}{' '}
              <span className="field-hint">
                {t.kind === 'read' ? 'reads: runs at once' : 'acts: the policy decides'}
              </span>
            </dt>
            <dd>{t.description}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
