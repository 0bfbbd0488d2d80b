import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser.js';
import { runCli } from './cli.js';
import { ROOT, type Served, startServe } from './sahel-process.js';

/** Where e2e tests write their screenshots (kept after the run, for a person to look at). */
export const SHOTS = join(ROOT, 'test-artifacts', 'screenshots');

export interface ServeAndBrowserOptions {
  /** The data dir to serve; by default a fresh one, removed by close(). One given here is the test's to remove. */
  dataDir?: string;
  /** Runs on the data dir before serve starts (e.g. `sahel vault init` with runCli). */
  prepare?: (dataDir: string) => void | Promise<void>;
  /** Added to serve's clean environment (SAHEL_GPU, SAHEL_CHAT_PROVIDER…); kept for restart(). */
  env?: Record<string, string>;
  /** A GGUF imported with `sahel models import` before serve starts (imported, not loaded). */
  model?: string;
  viewport?: { width: number; height: number };
}

export interface ServeAndBrowser {
  /** The URL serve printed, with its token: opening it signs the page in. */
  readonly url: string;
  /** The running `sahel serve` (a new one after restart()). */
  readonly serve: Served;
  readonly dataDir: string;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The page's console errors and uncaught exceptions, in order. */
  readonly consoleErrors: string[];
  /**
   * Stops serve (it must exit 0), runs `whileDown` (checks of what the page shows meanwhile), and starts
   * it again on the same data dir and environment with `args` (e.g. the same --port, --new-token).
   */
  restart(args?: string[], whileDown?: () => Promise<void>): Promise<Served>;
  close(): Promise<void>;
}

/**
 * `sahel serve` on a data dir and Debian's Chromium with one page, the way every e2e file starts:
 * call it in beforeAll and close() in afterAll. Screenshots go to SHOTS (created here).
 */
export async function withServeAndBrowser(opts: ServeAndBrowserOptions = {}): Promise<ServeAndBrowser> {
  mkdirSync(SHOTS, { recursive: true });
  const owned = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'sahel-e2e-'));
  const env = opts.env ?? {};
  let serve: Served | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await serve?.stop();
    if (owned) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await opts.prepare?.(dataDir);
    if (opts.model !== undefined) {
      const r = await runCli(['models', 'import', opts.model], { dataDir, env, timeoutMs: 60_000 });
      if (r.code !== 0) throw new Error(`sahel models import exited ${r.code}: ${r.stderr}`);
    }
    serve = await startServe(dataDir, [], 'serve', env);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 800 } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    const served = () => {
      if (!serve) throw new Error('serve is not running');
      return serve;
    };
    return {
      get url() {
        return served().url;
      },
      get serve() {
        return served();
      },
      dataDir,
      browser,
      context,
      page,
      consoleErrors,
      async restart(args: string[] = [], whileDown?: () => Promise<void>) {
        const stopped = served();
        const code = await stopped.stop();
        if (code !== 0) throw new Error(`serve exited ${code} when stopped: ${stopped.stderr()}`);
        serve = undefined;
        await whileDown?.();
        serve = await startServe(dataDir, args, 'serve', env);
        return serve;
      },
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
