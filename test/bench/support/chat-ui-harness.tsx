// Runs in Chromium (bundled by chat-ui.bench.ts): the chat page's real components, fed with
// synthetic data, beside the naive way of doing the same thing. Each token arrives in its own task
// (a MessageChannel message), the way WebSocket events do; frames are timed with requestAnimationFrame.
import { useEffect, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { ConversationList, ROW_HEIGHT } from '../../../src-renderer/pages/chat/ConversationList.js';
import { MessageView } from '../../../src-renderer/pages/chat/MessageView.js';
import { Markdown } from '../../../src-renderer/pages/chat/markdown/Markdown.js';
import { TokenBuffer, useStream } from '../../../src-renderer/pages/chat/stream.js';
import type { Conversation } from '../../../src-shared/domain/chat.js';

export interface FrameStats {
  /** Long animation frames (> 50 ms) and how much of them was this page's own work. */
  loaf: { count: number; scriptMs: number; layoutMs: number; totalMs: number };
  frames: number;
  /** Frame intervals in ms, as requestAnimationFrame saw them. */
  intervals: number[];
  durationMs: number;
  renders: number;
}

const CONV = '0'.repeat(32);
const REPLY = '1'.repeat(32);

let root: Root | null = null;
function mount(node: React.ReactNode): void {
  root?.unmount();
  const el = document.getElementById('root')!;
  root = createRoot(el);
  root.render(node);
}

/** Times frames from now until `done` resolves. */
async function timeFrames(run: () => Promise<void>): Promise<Omit<FrameStats, 'renders'>> {
  const loaf = { count: 0, scriptMs: 0, layoutMs: 0, totalMs: 0 };
  // Chromium's Long Animation Frames API: tells a frame slowed by our script or layout from one
  // slowed by the machine (the rest of a long frame is time the renderer did not get the CPU).
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as unknown as LoafEntry[]) {
      loaf.count++;
      loaf.totalMs += e.duration;
      loaf.scriptMs += e.scripts.reduce((sum, x) => sum + x.duration, 0);
      if (e.styleAndLayoutStart) loaf.layoutMs += e.startTime + e.duration - e.styleAndLayoutStart;
    }
  });
  observer.observe({ type: 'long-animation-frame', buffered: false });
  const intervals: number[] = [];
  let last = 0;
  let on = true;
  const tick = (t: number) => {
    if (last) intervals.push(t - last);
    last = t;
    if (on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const t0 = performance.now();
  await run();
  on = false;
  observer.disconnect();
  return { loaf, frames: intervals.length, intervals, durationMs: performance.now() - t0 };
}

/** Delivers tokens as separate tasks, `perMs` of them per millisecond of wall time (a fast model). */
function deliver(tokens: string[], perMs: number, push: (t: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    let i = 0;
    const t0 = performance.now();
    channel.port1.onmessage = () => {
      if (i >= tokens.length) return resolve();
      // Ahead of schedule: yield a little (a timer), as a model's pace would.
      if (i > (performance.now() - t0) * perMs) {
        setTimeout(() => channel.port2.postMessage(0), 1);
        return;
      }
      push(tokens[i++]!);
      channel.port2.postMessage(0);
    };
    channel.port2.postMessage(0);
  });
}

interface LoafEntry {
  startTime: number;
  duration: number;
  styleAndLayoutStart: number;
  scripts: { duration: number }[];
}

let renders = 0;
function Counted({ text }: { text: string }) {
  renders++;
  return <Markdown text={text} />;
}

/** The baseline: a React state update per token, the way a naive chat UI appends. */
function NaiveReply({ subscribe }: { subscribe(push: (t: string) => void): void }) {
  const [text, setText] = useState('');
  useEffect(() => subscribe((t) => setText((s) => s + t)), [subscribe]);
  return (
    <div className="chat-scroll-wrap">
      <div
        className="chat-scroll"
        ref={(el) => {
          if (el) el.scrollTop = el.scrollHeight;
        }}
      >
        <div className="chat-thread">
          <Counted text={text} />
        </div>
      </div>
    </div>
  );
}

export async function streamSahel(tokens: string[], perMs: number): Promise<FrameStats> {
  const buffer = new TokenBuffer();
  renders = 0;
  const unsub = useStream.subscribe(() => renders++);
  mount(
    <div className="chat-main bench-frame">
      <MessageView
        conversationId={CONV}
        messages={[]}
        busy={false}
        focusMessageId={null}
        onRegenerate={() => {}}
        onEdit={() => {}}
      />
    </div>,
  );
  buffer.start(CONV, REPLY);
  const stats = await timeFrames(async () => {
    await deliver(tokens, perMs, (t) => buffer.push(REPLY, t));
    buffer.flush();
    await nextFrame();
  });
  unsub();
  const painted = document.querySelector('[data-live]')?.textContent?.length ?? 0;
  buffer.drop();
  if (painted < tokens.join('').length * 0.5) throw new Error(`only ${painted} characters were painted`);
  return { ...stats, renders };
}

export async function streamNaive(tokens: string[], perMs: number): Promise<FrameStats> {
  renders = 0;
  let push: (t: string) => void = () => {};
  const subscribe = (p: (t: string) => void) => {
    push = p;
  };
  mount(
    <div className="chat-main bench-frame">
      <NaiveReply subscribe={subscribe} />
    </div>,
  );
  await nextFrame();
  const stats = await timeFrames(async () => {
    await deliver(tokens, perMs, (t) => push(t));
    await nextFrame();
  });
  return { ...stats, renders };
}

function conversations(n: number): Conversation[] {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => {
    const when = new Date(now - i * 60_000).toISOString();
    return {
      id: i.toString(16).padStart(32, '0'),
      title: `Conversation ${i + 1} about the harvest plan`,
      createdAt: when,
      updatedAt: when,
      messageCount: 100,
      droppedMessages: 0,
    };
  });
}

function NaiveList({ items }: { items: Conversation[] }) {
  return (
    <div className="chat-list" style={{ contain: 'none' }}>
      {items.map((c) => (
        <div key={c.id} className="chat-list-row" style={{ position: 'relative' }}>
          <span className="chat-list-title">{c.title}</span>
          <span className="chat-list-meta">{c.messageCount} messages</span>
        </div>
      ))}
    </div>
  );
}

/** Mount to painted: from render() to the frame after the list is on screen. Then a scroll to the end. */
export async function openList(
  n: number,
  mode: 'sahel' | 'naive',
): Promise<{ openMs: number; scroll: FrameStats }> {
  const items = conversations(n);
  root?.unmount();
  root = null;
  await nextFrame();
  const t0 = performance.now();
  mount(
    <div className="chat-sidebar bench-list">
      {mode === 'sahel' ? (
        <ConversationList conversations={items} selectedId={null} onSelect={() => {}} />
      ) : (
        <NaiveList items={items} />
      )}
    </div>,
  );
  await nextFrame();
  await nextFrame();
  const openMs = performance.now() - t0;
  const rows = document.querySelectorAll('.chat-list-row').length;
  if (rows === 0) throw new Error('the list painted no rows');
  const list = document.querySelector<HTMLElement>('.chat-list')!;
  const end = n * ROW_HEIGHT;
  const scroll = await timeFrames(async () => {
    for (let y = 0; y < end; y += end / 120) {
      list.scrollTop = y;
      await nextFrame();
    }
  });
  return { openMs, scroll: { ...scroll, renders: rows } };
}

function nextFrame(): Promise<void> {
  return new Promise((r) => requestAnimationFrame(() => r()));
}

Object.assign(window, { bench: { streamSahel, streamNaive, openList } });
