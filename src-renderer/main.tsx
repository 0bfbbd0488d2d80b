// First, so its layer order is declared before any rule (see styles/index.css).
import './styles/index.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { startSync } from './state/sync.js';
import { applyTheme, rememberedTheme } from './theme.js';

applyTheme(rememberedTheme());
startSync();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
