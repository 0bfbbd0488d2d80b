import { Page } from '../../components/Page.js';
import { AboutSection } from './AboutSection.js';
import { ThemeSetting } from './ThemeSetting.js';

export function SettingsPage() {
  return (
    <Page name="settings" title="Settings" subtitle="Appearance, and where Sahel keeps your data.">
      <ThemeSetting />
      <AboutSection />
    </Page>
  );
}
