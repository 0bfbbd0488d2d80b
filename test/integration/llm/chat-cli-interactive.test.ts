import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { SAHEL_BIN, type Served, startServe } from '../../support/sahel-process.js';
import { tempDir } from '../../support/tmp.js';
import { wsConnect } from '../../support/ws-client.js';

const PASS = 'a long enough cli passphrase';
const STORY = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');

/** `sahel chat` with no message, its stdin a pipe the test types into, against the running serve. */
class ChatProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(dataDir: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [SAHEL_BIN, '--data-dir', dataDir, 'chat'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    });
    this.child.stdout.setEncoding('utf8').on('data', (d: string) => {
      this.stdout += d;
    });
    this.child.stderr.setEncoding('utf8').on('data', (d: string) => {
      this.stderr += d;
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  type(text: string): void {
    this.child.stdin.write(text);
  }

  /** Waits until stdout or stderr holds `text` (the reply streams in pieces). */
  async waitFor(stream: 'stdout' | 'stderr', text: string, timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this[stream].includes(text)) {
      if (Date.now() > until || this.child.exitCode !== null) {
        throw new Error(
          `no ${JSON.stringify(text)} on ${stream}; stdout: ${this.stdout}\nstderr: ${this.stderr}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('sahel chat, interactive (no message argument)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let served: Served;

  beforeAll(async () => {
    dataDir = tempDir();
    const passFile = join(dataDir, '..', `${Date.now()}-chat-repl-pass.txt`);
    writeFileSync(passFile, PASS, { mode: 0o600 });
    const script = join(dataDir, '..', `${Date.now()}-chat-repl-script.json`);
    writeFileSync(
      script,
      JSON.stringify({
        model: 'scripted-repl',
        delayMs: 10,
        turns: [
          { match: 'first', reply: 'First answer.' },
          { match: 'second', reply: 'Second answer.' },
          { match: 'story', reply: STORY },
          { match: 'after', reply: 'After the stop.' },
          { match: 'fresh', reply: 'A fresh start.' },
        ],
      }),
    );
    env = { SAHEL_PASSPHRASE_FILE: passFile };
    const init = await runCli(['vault', 'init'], { dataDir, env: env, timeoutMs: 60_000 });
    expect(init.code, init.stderr).toBe(0);
    served = await startServe(dataDir, [], 'serve', { SAHEL_CHAT_PROVIDER: `scripted:${script}` });
  }, 90_000);

  afterAll(async () => {
    await served?.stop();
  });

  /** The conversations the owner stored, oldest first, with their messages. */
  async function stored() {
    const ws = await wsConnect(served);
    try {
      await ws.api.vault.unlock({ passphrase: PASS });
      const { conversations } = await ws.api.chat.list({});
      const all = await Promise.all(conversations.map((c) => ws.api.chat.get({ id: c.id })));
      await ws.api.vault.lock({});
      return all.sort((a, b) => a.conversation.createdAt.localeCompare(b.conversation.createdAt));
    } finally {
      ws.close();
    }
  }

  it('answers two messages typed ahead in one conversation, in order, and ends at /exit', async () => {
    const chat = new ChatProcess(dataDir, env);
    // Both lines arrive while the first reply is still streaming: neither may be lost.
    chat.type('the first question\n\nthe second one\n/help\n/exit\nnever sent\n');
    expect(await chat.exited, chat.stderr).toBe(0);
    expect(chat.stdout).toBe('First answer.\nSecond answer.\n');
    expect(chat.stderr).toContain('Commands: /new starts a new conversation');
    const convs = await stored();
    expect(convs).toHaveLength(1);
    expect(convs[0]?.messages.map((m) => [m.role, m.text, m.status])).toEqual([
      ['user', 'the first question', undefined],
      ['assistant', 'First answer.', 'done'],
      ['user', 'the second one', undefined],
      ['assistant', 'Second answer.', 'done'],
    ]);
  }, 60_000);

  it('stops a reply at Ctrl-C and goes on; /new starts another conversation; the end of stdin exits cleanly', async () => {
    const before = (await stored()).length;
    const chat = new ChatProcess(dataDir, env);
    chat.type('tell me a story\n');
    await chat.waitFor('stdout', 'word3 ');
    chat.child.kill('SIGINT');
    await chat.waitFor('stderr', '(stopped)');
    chat.type('and after that?\n');
    await chat.waitFor('stdout', 'After the stop.\n');
    chat.type('/new\na fresh one\n');
    chat.child.stdin.end();
    expect(await chat.exited, chat.stderr).toBe(0);
    expect(chat.stdout).toMatch(/^word0 word1 word2 word3 .*\nAfter the stop\.\nA fresh start\.\n$/s);
    expect(chat.stdout).not.toContain('word399');

    const convs = (await stored()).slice(before);
    expect(convs).toHaveLength(2);
    const [story, fresh] = convs;
    expect(story?.messages.map((m) => [m.role, m.status])).toEqual([
      ['user', undefined],
      ['assistant', 'stopped'],
      ['user', undefined],
      ['assistant', 'done'],
    ]);
    const kept = story?.messages[1]?.text ?? '';
    expect(kept.startsWith('word0 word1 word2 word3')).toBe(true);
    expect(chat.stdout).toContain(kept);
    expect(fresh?.messages.map((m) => m.text)).toEqual(['a fresh one', 'A fresh start.']);
  }, 60_000);

  it('ends at once, exit 0 and nothing stored, when stdin is empty', async () => {
    const before = (await stored()).length;
    const r = await runCli(['chat'], { dataDir, env: env, input: '', timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(await stored()).toHaveLength(before);
  }, 60_000);
});
