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
      <table className="market-split" data-testid="agent-tools">
        <thead>
          <tr>
            <th scope="col">Tool</th>
            <th scope="col">Does</th>
            <th scope="col">Policy</th>
          </tr>
        </thead>
        <tbody>
          {tools?.map((t) => (
            <tr key={t.name} data-tool={t.name}>
              <td className="mono">{t.name}</td>
              <td>{t.description}</td>
              <td>{t.kind === 'read' ? 'reads, runs at once' : 'acts: the policy decides'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
