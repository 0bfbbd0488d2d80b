import { z } from 'zod';

export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

/** User settings kept in the data dir's database. Defaults apply to keys never set. */
export const Settings = z.object({
  theme: Theme,
  /** Lock the vault after this many minutes without vault activity; 0 = never. */
  vaultAutoLockMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  // The chat keys are optional in the schema so that payloads written before they existed still parse;
  // SETTINGS_DEFAULTS always fills them in what the repo returns.
  /** Let the agent remember facts about the user it reads in chats (memories); off until the user agrees. */
  chatMemoryConsent: z.boolean().optional(),
  /**
   * The chat template for the local model: 'auto' resolves it from the model (node-llama-cpp's
   * resolveChatWrapper), or a wrapper name ('chatML', 'llama3.1', 'general', …) overrides it.
   */
  chatWrapper: z.string().trim().min(1).max(64).optional(),
  /**
   * A request to the local OpenAI-compatible API (/v1) naming an installed model that is not loaded
   * loads it (as Ollama and LM Studio do); off: such a request gets 503.
   */
  apiLoadsModels: z.boolean().optional(),
  /** Sampling for conversations that do not choose their own (src-shared/domain/chat.ts Sampling). */
  chatTemperature: z.number().min(0).max(2).optional(),
  chatTopP: z.number().gt(0).max(1).optional(),
  chatMaxTokens: z
    .number()
    .int()
    .min(1)
    .max(32 * 1024)
    .optional(),
  /**
   * The IPFS gateway the market reads `ipfs://` metadata and content through (`<gateway>/ipfs/<cid>`),
   * an http(s) base URL; empty: ipfs:// locations are not fetched.
   */
  ipfsGateway: z
    .union([
      z.literal(''),
      z
        .string()
        .url()
        .max(2048)
        .regex(/^https?:\/\//i, 'an http(s) URL'),
    ])
    .optional(),
  /**
   * The marketplace's peer hosting listener (the ciphertexts this Sahel published, for buyers): the
   * address and port it binds (loopback by default: reachable from this machine only), and the base URL
   * buyers are told to use when it differs (a public name, a port forward). It runs only while something
   * is published.
   */
  marketHostAddress: z.string().trim().min(1).max(255).optional(),
  marketHostPort: z.number().int().min(1).max(65535).optional(),
  marketHostPublicUrl: z.union([z.literal(''), z.string().url().max(2048)]).optional(),
  /** How many delegated task runs may be in progress at once (the scheduler reads it at each start). */
  tasksMaxConcurrent: z.number().int().min(1).max(16).optional(),
  /**
   * The desktop app: closing the window keeps Sahel in the tray, so tasks go on (true), or quits it.
   * `sahel serve` has no window and runs until stopped.
   */
  closeToTray: z.boolean().optional(),
});
export type Settings = z.infer<typeof Settings>;

export const SETTINGS_DEFAULTS: Settings = {
  tasksMaxConcurrent: 2,
  closeToTray: true,
  theme: 'system',
  vaultAutoLockMinutes: 15,
  chatMemoryConsent: false,
  chatWrapper: 'auto',
  apiLoadsModels: true,
  chatTemperature: 0.8,
  chatTopP: 0.95,
  chatMaxTokens: 1024,
  ipfsGateway: 'https://ipfs.io',
  marketHostAddress: '127.0.0.1',
  marketHostPort: 7417,
  marketHostPublicUrl: '',
};
