import { useChat } from '../../state/chat.js';

/**
 * Whether the next messages go to the agent, which may use its tools: lookups run at once; payments,
 * purchases and publishing go through the policy on the Agent page, and wait for you unless it allows
 * them.
 */
export function AgentToggle() {
  const on = useChat((s) => s.agentMode);
  return (
    <label className="checkbox-row chat-agent-toggle">
      <input
        type="checkbox"
        checked={on}
        data-testid="agent-mode"
        onChange={(e) => useChat.getState().setAgentMode(e.target.checked)}
      />
      Let the agent act (its tools; payments and publishing follow your policy on the Agent page)
    </label>
  );
}
