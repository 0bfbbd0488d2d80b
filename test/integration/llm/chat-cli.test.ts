import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChatTurn } from '../../../src-shared/domain/chat.js';
import { runCli } from '../../support/cli.js';
import { tempDir } from '../../support/tmp.js';

const PASS = 'a long enough cli passphrase';

describe('sahel chat', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = tempDir();
    const passFile = join(dataDir, '..', `${Date.now()}-chat-cli-pass.txt`);
    writeFileSync(passFile, PASS, { mode: 0o600 });
    const script = join(dataDir, '..', `${Date.now()}-chat-cli-script.json`);
    writeFileSync(
      script,
      JSON.stringify({
        model: 'scripted-cli',
        turns: [
          { match: 'first', reply: 'First answer.' },
          { match: 'second', reply: 'Second answer.', dropped: 2 },
          { match: 'json', reply: 'As JSON.' },
          { match: 'sampled', reply: 'Sampled.' },
        ],
      }),
    );
    env = { SAHEL_CHAT_PROVIDER: `scripted:${script}`, SAHEL_PASSPHRASE_FILE: passFile };
    const init = await runCli(['vault', 'init'], { dataDir, env: env, timeoutMs: 60_000 });
    expect(init.code, init.stderr).toBe(0);
  });

  it('sends a message, prints the streamed reply, and continues a conversation with its notice', async () => {
    const r = await runCli(['chat', 'the', 'first', 'question'], {
      dataDir: dataDir,
      env: env,
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('First answer.\n');
    const list = await runCli(['--json', 'chat', 'json please'], {
      dataDir: dataDir,
      env: env,
      timeoutMs: 60_000,
    });
    expect(list.code, list.stderr).toBe(0);
    const turn = ChatTurn.parse(JSON.parse(list.stdout));
    expect(turn.reply).toMatchObject({ text: 'As JSON.', status: 'done', model: 'scripted-cli' });
    const next = await runCli(['chat', '--conversation', turn.conversation.id, 'the second one'], {
      dataDir: dataDir,
      env: env,
      timeoutMs: 60_000,
    });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toBe('Second answer.\n');
    expect(next.stderr).toContain("(2 earlier messages were dropped to fit the model's context.)");
  });

  it('says why on bad input: a wrong conversation id, a locked vault without a passphrase', async () => {
    const bad = await runCli(['chat', '--conversation', 'xyz', 'hi'], { dataDir, env: env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a conversation id');
    const { SAHEL_PASSPHRASE_FILE: _p, ...noPass } = env;
    const locked = await runCli(['chat', 'hi'], { dataDir, env: noPass });
    expect(locked.code).toBe(1);
    expect(locked.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('keeps --temperature, --top-p and --seed with the conversation and writes the reply with them', async () => {
    const r = await runCli(
      [
        '--json',
        'chat',
        '--temperature',
        '0.5',
        '--top-p',
        '0.9',
        '--seed',
        '9',
        '--max-tokens',
        '20',
        'sampled',
      ],
      { dataDir, env: env, timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const turn = ChatTurn.parse(JSON.parse(r.stdout));
    expect(turn.conversation.sampling).toEqual({ temperature: 0.5, topP: 0.9, seed: 9 });
    expect(turn.reply.sampling).toEqual({ temperature: 0.5, topP: 0.9, maxTokens: 20, seed: 9 });
    for (const [flag, value, message] of [
      ['--temperature', '2.5', '--temperature takes a number from 0 to 2'],
      ['--top-p', '0', '--top-p takes a number above 0, up to 1'],
      ['--seed', '-1', '--seed takes a whole number from 0 to 4294967295'],
    ]) {
      const bad = await runCli(['chat', flag!, value!, 'hi'], { dataDir, env: env });
      expect(bad.code, bad.stderr).toBe(2);
      expect(bad.stderr).toContain(message);
    }
  });
});
