import {
  AgentIcon,
  ChatIcon,
  type IconComponent,
  MarketIcon,
  ModelsIcon,
  SettingsIcon,
  TasksIcon,
  VaultIcon,
  WalletIcon,
} from '../components/icons.js';

export const PAGE_IDS = [
  'chat',
  'vault',
  'wallet',
  'market',
  'agent',
  'tasks',
  'models',
  'settings',
] as const;
export type PageId = (typeof PAGE_IDS)[number];

export interface PageMeta {
  id: PageId;
  label: string;
  Icon: IconComponent;
}

/** The pages in navigation order; Ctrl/Cmd+1…8 follow it. */
export const PAGES: readonly PageMeta[] = [
  { id: 'chat', label: 'Chat', Icon: ChatIcon },
  { id: 'vault', label: 'Vault', Icon: VaultIcon },
  { id: 'wallet', label: 'Wallet', Icon: WalletIcon },
  { id: 'market', label: 'Market', Icon: MarketIcon },
  { id: 'agent', label: 'Agent', Icon: AgentIcon },
  { id: 'tasks', label: 'Tasks', Icon: TasksIcon },
  { id: 'models', label: 'Models', Icon: ModelsIcon },
  { id: 'settings', label: 'Settings', Icon: SettingsIcon },
];

export function isPageId(value: string): value is PageId {
  return (PAGE_IDS as readonly string[]).includes(value);
}

export function pageMeta(id: PageId): PageMeta {
  return PAGES.find((p) => p.id === id)!;
}
