import { create } from 'zustand';
import type {
  Approval,
  AuditEntry,
  AuditVerdict,
  PolicySettings,
  ToolInfo,
} from '../../src-shared/domain/agent.js';
import { client, on } from '../bridge.js';
import { errorMessage } from './errors.js';

/** The agent's calls, for the Agent page: the user's side of the policy, approvals and audit. */
export const agentApi = {
  tools: async (): Promise<ToolInfo[]> => (await client.agent.tools({})).tools,
  policy: (): Promise<PolicySettings> => client.agent.policy({}),
  setPolicy: (key: string, value: string): Promise<PolicySettings> => client.agent.setPolicy({ key, value }),
  allow: (address: string, name: string): Promise<PolicySettings> => client.agent.allow({ address, name }),
  disallow: (address: string): Promise<PolicySettings> => client.agent.disallow({ address }),
  approve: (id: string): Promise<Approval> => client.agent.approve({ id }),
  reject: (id: string): Promise<Approval> => client.agent.reject({ id }),
  audit: async (before?: number): Promise<AuditEntry[]> =>
    (await client.agent.audit(before === undefined ? { limit: 100 } : { limit: 100, before })).entries,
  verify: (): Promise<AuditVerdict> => client.agent.verifyAudit({}),
};

interface ApprovalsState {
  /** The queue as the owner last said it (pending first); null until it first answers. */
  approvals: Approval[] | null;
  load(): Promise<void>;
}

export const useApprovals = create<ApprovalsState>()((set) => ({
  approvals: null,
  async load() {
    try {
      set({ approvals: (await client.agent.approvals({})).approvals });
    } catch (err) {
      console.warn('agent.approvals failed:', errorMessage(err));
    }
  },
}));

export function pendingApprovals(approvals: Approval[] | null): Approval[] {
  return approvals?.filter((a) => a.state === 'pending') ?? [];
}

/**
 * Follows the owner's `agent.approvals` events (the queue on the Agent page and the count in the status
 * bar), and tells the user through a notification when a new one waits, since the agent may be working
 * while the window is in the background.
 */
export function startApprovalsSync(notify: (title: string, body: string) => void): void {
  let known = new Set<string>();
  on('agent.approvals', ({ approvals }) => {
    const pending = pendingApprovals(approvals);
    for (const a of pending) if (!known.has(a.id)) notify('Your agent asks for approval', a.summary);
    known = new Set(pending.map((a) => a.id));
    useApprovals.setState({ approvals });
  });
}

/** Whether this page has asked for the permission: a dismissed prompt leaves it 'default', and is an answer. */
let askedPermission = false;

/**
 * A desktop notification (the OS's, in Electron and in a browser that allows it). Asked for once, the
 * first time there is something to say; a refusal (or a dismissed prompt) is the user's answer and is
 * kept. `tag` groups what replaces what: one approval notice at a time, one per task run.
 */
export function osNotify(title: string, body: string, tag = 'sahel-approval'): void {
  const N = globalThis.Notification;
  if (typeof N !== 'function') return;
  const show = () => {
    if (N.permission === 'granted') new N(title, { body, tag });
  };
  if (N.permission === 'default') {
    if (askedPermission) return;
    askedPermission = true;
    void N.requestPermission().then(show, () => undefined);
  } else show();
}
