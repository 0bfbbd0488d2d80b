import { type ComponentType, useEffect } from 'react';
import { ConnectionBanner } from './components/ConnectionBanner.js';
import { Nav } from './components/Nav.js';
import { StatusBar } from './components/StatusBar.js';
import { AgentPage } from './pages/agent/AgentPage.js';
import { ChatPage } from './pages/chat/ChatPage.js';
import { MarketPage } from './pages/market/MarketPage.js';
import { ModelsPage } from './pages/models/ModelsPage.js';
import { type PageId, pageMeta } from './pages/registry.js';
import { SettingsPage } from './pages/settings/SettingsPage.js';
import { TasksPage } from './pages/tasks/TasksPage.js';
import { VaultPage } from './pages/vault/VaultPage.js';
import { WalletPage } from './pages/wallet/WalletPage.js';
import { useShortcuts } from './shortcuts.js';
import { useNavigation } from './state/navigation.js';
import { useEffectiveTheme } from './state/settings.js';
import { applyTheme, rememberedTheme } from './theme.js';

const PAGE_COMPONENTS: Record<PageId, ComponentType> = {
  chat: ChatPage,
  vault: VaultPage,
  wallet: WalletPage,
  market: MarketPage,
  agent: AgentPage,
  tasks: TasksPage,
  models: ModelsPage,
  settings: SettingsPage,
};

const initialTheme = rememberedTheme();

/** The shell: navigation | page, the status bar along the bottom. */
export function App() {
  const page = useNavigation((s) => s.page);
  const theme = useEffectiveTheme(initialTheme);
  useShortcuts();

  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => {
    document.title = `${pageMeta(page).label} · Sahel`;
  }, [page]);

  const Current = PAGE_COMPONENTS[page];
  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={focusPage}>
        Skip to content
      </button>
      <Nav />
      <main id="main" className="main" tabIndex={-1}>
        <ConnectionBanner />
        <div className="main-scroll">
          <Current key={page} />
        </div>
      </main>
      <StatusBar />
    </div>
  );
}

/** Moves keyboard focus past the navigation, to the page's heading. */
function focusPage() {
  document.getElementById('page-title')?.focus();
}
