// The chat UI in Chromium: 10,000 streamed tokens painted once per frame (Sahel's TokenBuffer and
// LiveReply) against a React state update per token (the naive way), and a 10,000-conversation list
// opened virtualised against all rows in the DOM. The page runs the real components from
// src-renderer, bundled with esbuild; the frame timing is requestAnimationFrame's, in the page.
//
// Usage: node --import tsx test/bench/chat-ui.bench.ts [--tokens 10000] [--rate 1000] [--write]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { launchChromium } from '../support/browser.js';
import { ROOT } from '../support/sahel-process.js';
import type { FrameStats } from './support/chat-ui-harness.js';
import { machineLine, writeSection } from './support/report.js';

const { values: args } = parseArgs({
  options: {
    tokens: { type: 'string', default: '10000' },
    /** Tokens per second delivered: well above what a local model writes, to stress the painting. */
    rate: { type: 'string', default: '1000' },
    conversations: { type: 'string', default: '10000' },
    write: { type: 'boolean', default: false },
    /** Only Sahel's paths (the naive stream takes minutes at this size). */
    'skip-naive': { type: 'boolean', default: false },
  },
});
const TOKENS = Number(args.tokens);
const RATE = Number(args.rate);
const CONVERSATIONS = Number(args.conversations);
/** This machine is shared: how busy it was says how much of a slow frame was ours. */
const LOAD = loadavg()
  .map((n) => n.toFixed(1))
  .join(' / ');

/** A reply with what replies have: paragraphs, emphasis, lists, inline code and fenced code. */
const SAMPLE = `Here is how the **irrigation schedule** works, step by step.

1. Read the soil moisture from \`sensor.read()\` every *ten minutes*.
2. When it drops below the threshold, open the valve.
3. Log the event to the vault.

\`\`\`ts
export function shouldWater(moisture: number, threshold = 0.32): boolean {
  return moisture < threshold && !isRaining();
}
\`\`\`

- Dry season: water at dawn.
- Wet season: skip unless the sensor insists.

See https://example.org/irrigation for the field notes. `;

function tokenise(n: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (out.length < n) {
    // 1–6 characters, the spread of real BPE tokens in English text and code.
    const len = 1 + ((out.length * 7) % 6);
    let piece = '';
    for (let k = 0; k < len; k++) piece += SAMPLE[(i + k) % SAMPLE.length];
    i += len;
    out.push(piece);
  }
  return out;
}

interface Summary {
  medianFps: number;
  minFps: number;
  /** The fewest frames in any whole second of the run. */
  worstSecondFps: number;
  longFrames: number;
  veryLongFrames: number;
  p99Ms: number;
  frames: number;
  renders: number;
  seconds: number;
  loaf: FrameStats['loaf'];
}

function summarise(s: FrameStats): Summary {
  const sorted = [...s.intervals].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  let t = 0;
  const perSecond = new Map<number, number>();
  for (const d of s.intervals) {
    t += d;
    const sec = Math.floor(t / 1000);
    perSecond.set(sec, (perSecond.get(sec) ?? 0) + 1);
  }
  const whole = [...perSecond.entries()].filter(([sec]) => (sec + 1) * 1000 <= t).map(([, n]) => n);
  return {
    medianFps: 1000 / at(0.5),
    minFps: 1000 / (sorted.at(-1) ?? 1),
    worstSecondFps: whole.length ? Math.min(...whole) : Number.NaN,
    longFrames: s.intervals.filter((d) => d > 20).length,
    veryLongFrames: s.intervals.filter((d) => d > 50).length,
    p99Ms: at(0.99),
    frames: s.frames,
    renders: s.renders,
    seconds: s.durationMs / 1000,
    loaf: s.loaf,
  };
}

const bundle = await build({
  entryPoints: [join(ROOT, 'test/bench/support/chat-ui-harness.tsx')],
  bundle: true,
  write: false,
  format: 'iife',
  jsx: 'automatic',
  minify: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
const css = ['tokens.css', 'base.css', 'chat.css']
  .map((f) => readFileSync(join(ROOT, 'src-renderer/styles', f), 'utf8'))
  .join('\n');
const frameCss = '.bench-frame{width:820px;height:640px}.bench-list{width:272px;height:640px}';

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.setContent('<!doctype html><html><head></head><body><div id="root"></div></body></html>');
  await page.addStyleTag({ content: css + frameCss });
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });

  const tokens = tokenise(TOKENS);
  const perMs = RATE / 1000;
  type Bench = {
    streamSahel(t: string[], r: number): Promise<FrameStats>;
    streamNaive(t: string[], r: number): Promise<FrameStats>;
    openList(n: number, mode: 'sahel' | 'naive'): Promise<{ openMs: number; scroll: FrameStats }>;
  };
  const run = <K extends keyof Bench>(fn: K, ...a: Parameters<Bench[K]>) =>
    page.evaluate(
      ([name, params]) =>
        (window as unknown as { bench: Record<string, (...x: unknown[]) => unknown> }).bench[name]!(
          ...params,
        ),
      [fn, a] as const,
    ) as ReturnType<Bench[K]>;

  // Warm-up: JIT and style caches for both paths.
  await run('streamSahel', tokens.slice(0, 500), perMs);
  await run('streamNaive', tokens.slice(0, 500), perMs);
  const sahel = summarise(await run('streamSahel', tokens, perMs));
  console.log('sahel', sahel);
  if (args['skip-naive']) {
    console.log('skipping the naive paths');
    process.exit(0);
  }
  const naive = summarise(await run('streamNaive', tokens, perMs));
  console.log('naive', naive);

  await run('openList', 200, 'sahel');
  const opens: Record<'sahel' | 'naive', number[]> = { sahel: [], naive: [] };
  let scrollSahel: Summary | null = null;
  let scrollNaive: Summary | null = null;
  for (let i = 0; i < 3; i++) {
    const a = await run('openList', CONVERSATIONS, 'sahel');
    const b = await run('openList', CONVERSATIONS, 'naive');
    opens.sahel.push(a.openMs);
    opens.naive.push(b.openMs);
    scrollSahel ??= summarise(a.scroll);
    scrollNaive ??= summarise(b.scroll);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  console.log('list open ms', opens, 'scroll', scrollSahel, scrollNaive);

  const loafRow = (name: string, s: Summary) => {
    const { count, scriptMs, layoutMs, totalMs } = s.loaf;
    const ms = (n: number) => `${Math.round(n)} ms`;
    return `| ${name} | ${count} | ${ms(scriptMs)} | ${ms(layoutMs)} | ${ms(totalMs - scriptMs - layoutMs)} |`;
  };
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
  const row = (name: string, s: Summary) =>
    `| ${name} | ${f(s.minFps)} | ${f(s.worstSecondFps)} | ${f(s.medianFps)} | ${s.longFrames} / ${s.veryLongFrames} | ${f(s.p99Ms)} ms | ${s.renders} | ${s.seconds.toFixed(1)} s |`;
  const verdict = sahel.worstSecondFps >= 50 ? 'met' : 'not met';
  const listVerdict = median(opens.sahel) < 200 ? 'met' : 'not met';
  const md = `### Chat UI: streaming and the conversation list (Chromium)

Measured ${machineLine()}; Debian Chromium headless (software rendering, \`--disable-gpu\`), 1280 × 800.

${TOKENS.toLocaleString('en')} tokens of a Markdown reply (paragraphs, a list, inline and fenced code, a link), 1–6
characters each, delivered one per task at ${RATE.toLocaleString('en')} tokens/s (several times what a local model
writes), into an auto-scrolling reply of 820 px. Frames timed with requestAnimationFrame in the page.

| Path | Min fps (worst frame) | Worst whole second (frames) | Median fps | Frames > 20 ms / > 50 ms | p99 frame | Renders | Run |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${row('Sahel: TokenBuffer, one paint per frame (LiveReply)', sahel)}
${row('Naive: a React setState per token', naive)}

Target "never below 50 fps", read as at least 50 frames in every whole second of the stream: ${verdict}
(${f(sahel.worstSecondFps)} frames in the worst second; worst single frame ${f(1000 / sahel.minFps)} ms).

Where the long frames (> 50 ms, Chromium's Long Animation Frames API) went — the page's own script,
its style and layout, and the rest, which is the renderer waiting for a CPU (load average at the start
of the run: ${LOAD}):

| Path | Long frames | Script | Style and layout | Rest |
| --- | ---: | ---: | ---: | ---: |
${loafRow('Sahel', sahel)}
${loafRow('Naive', naive)}

Conversation list with ${CONVERSATIONS.toLocaleString('en')} conversations, from render() to the frame after it is painted
(median of 3), and a scroll from top to end in 120 steps:

| List | Open | Scroll: median fps | Scroll: worst frame |
| --- | ---: | ---: | ---: |
| Sahel: virtualised ConversationList | ${f(median(opens.sahel))} ms | ${f(scrollSahel!.medianFps)} | ${f(1000 / scrollSahel!.minFps)} ms |
| Naive: every row in the DOM | ${f(median(opens.naive))} ms | ${f(scrollNaive!.medianFps)} | ${f(1000 / scrollNaive!.minFps)} ms |

Target < 200 ms to open (the UI's part; the owner's \`chat.list\` page is the other): ${listVerdict}.
`;
  console.log(md);
  if (args.write) writeSection('chat-ui', md);
} finally {
  await browser.close();
}
