import { Page } from '../../components/Page.js';
import { AboutSection } from './AboutSection.js';
import { ChatSetting } from './ChatSetting.js';
import { MarketSetting } from './MarketSetting.js';
import { TasksSetting } from './TasksSetting.js';
import { ThemeSetting } from './ThemeSetting.js';
import { VaultSetting } from './VaultSetting.js';

export function SettingsPage() {
  return (
    <Page name="settings" title="Settings" subtitle="Appearance, the vault, and where Sahel keeps your data.">
      <ThemeSetting />
      <VaultSetting />
      <ChatSetting />
      <MarketSetting />
      <TasksSetting />
      <AboutSection />
    </Page>
  );
}
