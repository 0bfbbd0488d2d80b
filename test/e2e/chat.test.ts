import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';

const PASSPHRASE = 'copper heron wanders 48 dunes';
/** Argon2id takes a second or two per unlock; leave room on a slow, shared machine. */
const KDF_MS = 30_000;
/** A word no other conversation holds, for the search. */
const WORD = `baobab${randomBytes(3).toString('hex')}`;

const FIRST_REPLY = [
  `Water the **${WORD}** seedlings at dawn.`,
  '',
  '```ts',
  'const litres = 2 * plants;',
  '```',
  '',
  '- check the soil',
  '- log it in the vault',
].join('\n');
const LONG_REPLY = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');

/** The scripted provider's turns (src-main/llm/providers/scripted-provider.ts): picked by `match`, else in order. */
const SCRIPT = {
  model: 'scripted-e2e',
  delayMs: 15,
  turns: [
    { match: 'irrigation', reply: FIRST_REPLY },
    { match: 'long story', reply: LONG_REPLY },
    { match: 'edited question', reply: 'The answer to the edited question.' },
    { match: 'second chat', reply: 'A reply in the second conversation.' },
    { reply: 'A regenerated answer.' },
  ],
};

/** `sahel vault init` on a data dir before serve starts, the passphrase in a file beside it. */
async function initVault(dataDir: string): Promise<void> {
  const passFile = join(dataDir, '..', `${basename(dataDir)}-pass.txt`);
  writeFileSync(passFile, PASSPHRASE, { mode: 0o600 });
  try {
    const init = await runCli(['vault', 'init', '--passphrase-file', passFile], {
      dataDir,
      timeoutMs: 60_000,
    });
    expect(init.code, init.stderr).toBe(0);
  } finally {
    rmSync(passFile, { force: true });
  }
}

// Unlocking runs Argon2id and replies stream at a scripted pace: on a busy two-core machine a step can
// take a while, so each test gets more than the default.
describe('chat in Chromium against sahel serve, with scripted replies', { timeout: 120_000 }, () => {
  let e2e: ServeAndBrowser;
  let page: Page;
  let chat: Locator;
  const dataDir = mkdtempSync(join(tmpdir(), 'sahel-e2e-chat-'));

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `chat-${name}.png`) });
  const composer = () => chat.getByRole('textbox', { name: 'Message' });
  const replies = () => chat.locator('.chat-msg[data-role="assistant"]:not([data-live])');
  const send = async (text: string) => {
    await composer().fill(text);
    await composer().press('Enter');
  };

  beforeAll(async () => {
    const script = join(dataDir, 'chat-script.json');
    writeFileSync(script, JSON.stringify(SCRIPT));
    e2e = await withServeAndBrowser({
      dataDir,
      prepare: initVault,
      env: { SAHEL_CHAT_PROVIDER: `scripted:${script}` },
    });
    page = e2e.page;
    chat = page.locator('[data-page="chat"]');
  });

  afterAll(async () => {
    await e2e?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('asks to unlock the vault first, since chat history is encrypted in it', async () => {
    await page.goto(`${e2e.url}#/chat`);
    await chat.getByText('Your chat history is encrypted in your vault').waitFor();
    await shot('locked');
    await chat.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await chat.getByRole('button', { name: 'Unlock' }).click();
    await composer().waitFor({ timeout: KDF_MS });
    expect(await chat.locator('.chat-model').textContent()).toContain('scripted-e2e');
    expect(await chat.textContent()).toContain('No conversations yet.');
  });

  it('sends a message and shows the reply streaming, then stored with its Markdown', async () => {
    await send('How does irrigation work here?');
    await chat.locator('.chat-msg[data-role="user"]', { hasText: 'irrigation work' }).waitFor();
    // The reply is painted while it is written, before the turn ends.
    await chat.locator('.chat-msg[data-live]').waitFor();
    await shot('streaming');
    await replies().first().locator('.md-code').waitFor();
    expect(await chat.locator('.chat-msg[data-live]').count()).toBe(0);
    const reply = replies().first();
    expect(await reply.locator('strong').textContent()).toBe(WORD);
    expect(await reply.locator('pre code').textContent()).toBe('const litres = 2 * plants;');
    expect(await reply.locator('li').allTextContents()).toEqual(['check the soil', 'log it in the vault']);
    expect(await reply.getByRole('button', { name: 'Copy', exact: true }).count()).toBe(1);
    // The first message named the conversation, which now heads the list.
    const list = chat.getByRole('listbox', { name: 'Conversations' });
    await list.getByRole('option').first().waitFor();
    expect(await list.getByRole('option').count()).toBe(1);
    await shot('reply');
  });

  it('stops a reply midway and keeps the text so far', async () => {
    await send('Tell me a long story');
    await chat.locator('.chat-msg[data-live]').waitFor();
    await expect.poll(() => chat.locator('.chat-msg[data-live]').textContent()).toContain('word5');
    await chat.getByRole('button', { name: 'Stop' }).click();
    const stopped = chat.locator('.chat-msg[data-status="stopped"]');
    await stopped.waitFor();
    const text = (await stopped.locator('.chat-msg-body').textContent()) ?? '';
    expect(text.startsWith('word0 word1')).toBe(true);
    expect(text).not.toContain('word399');
    expect(await stopped.textContent()).toContain('Stopped');
  });

  it('regenerates the last reply in place', async () => {
    const before = await replies().count();
    await replies().last().getByRole('button', { name: 'Regenerate' }).click();
    // Stored, not only streamed: the live copy is not one of the replies.
    await replies().filter({ hasText: 'A regenerated answer.' }).waitFor();
    expect(await replies().count()).toBe(before);
    expect(await chat.locator('.chat-msg[data-status="stopped"]').count()).toBe(0);
  });

  it('edits a message and answers it again, replacing what followed', async () => {
    const last = chat.locator('.chat-msg[data-role="user"]').last();
    await last.getByRole('button', { name: 'Edit' }).click();
    const box = chat.getByRole('textbox', { name: 'Edit message' });
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    await box.fill('An edited question, please');
    await chat.getByRole('button', { name: 'Save and resend' }).click();
    await replies().filter({ hasText: 'The answer to the edited question.' }).waitFor();
    expect(await chat.getByText('A regenerated answer.').count()).toBe(0);
    expect(await chat.locator('.chat-msg[data-role="user"]').last().textContent()).toContain(
      'An edited question',
    );
    await shot('edited');
  });

  it("shows the conversation's sampling, refuses a bad value, and keeps the change", async () => {
    await chat.getByRole('button', { name: 'Sampling' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sampling' });
    // Nothing chosen yet: the fields are empty and show the defaults from Settings.
    expect(await dialog.getByLabel('Temperature').inputValue()).toBe('');
    expect(await dialog.getByLabel('Temperature').getAttribute('placeholder')).toBe('0.8');
    expect(await dialog.getByLabel('Top-p').getAttribute('placeholder')).toBe('0.95');
    expect(await dialog.getByLabel('Max tokens').getAttribute('placeholder')).toBe('1024');
    await dialog.getByLabel('Temperature').fill('3');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Temperature is a number from 0 to 2.').waitFor();
    await dialog.getByLabel('Temperature').fill('0.3');
    await dialog.getByLabel('Seed').fill('42');
    await shot('sampling');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    await chat.getByRole('button', { name: 'Sampling' }).click();
    expect(await dialog.getByLabel('Temperature').inputValue()).toBe('0.3');
    expect(await dialog.getByLabel('Seed').inputValue()).toBe('42');
    expect(await dialog.getByLabel('Top-p').inputValue()).toBe('');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('starts a second conversation and finds the first by a word of its reply', async () => {
    await chat.getByRole('button', { name: 'New chat' }).click();
    await send('This is the second chat');
    await chat.getByText('A reply in the second conversation.').waitFor();
    const list = chat.getByRole('listbox', { name: 'Conversations' });
    await expect.poll(() => list.getByRole('option').count()).toBe(2);

    await chat.getByRole('searchbox', { name: 'Search conversations' }).fill(WORD);
    const results = chat.getByRole('list', { name: 'Search results' });
    await results.getByRole('button').first().waitFor();
    expect(await results.getByRole('button').count()).toBe(1);
    expect(await results.locator('mark').first().textContent()).toBe(WORD);
    await shot('search');
    await results.getByRole('button').first().click();
    await chat.locator('.chat-msg[data-highlight]').waitFor();
    expect(await chat.locator('.chat-msg[data-highlight]').textContent()).toContain(WORD);
  });

  it('renames and deletes a conversation, asking first', async () => {
    await chat.getByRole('searchbox', { name: 'Search conversations' }).fill('');
    await chat.getByRole('button', { name: 'Rename' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename conversation' });
    await rename.getByLabel('Name').fill('Irrigation notes');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await rename.waitFor({ state: 'detached' });
    const list = chat.getByRole('listbox', { name: 'Conversations' });
    await list.getByRole('option', { name: /Irrigation notes/ }).waitFor();

    await chat.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete “Irrigation notes”?' });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => list.getByRole('option').count()).toBe(1);
    expect(await chat.locator('.chat-title').textContent()).toBe('New conversation');
  });

  it('keeps an edited persona and the memories across a reload', async () => {
    await chat.getByRole('button', { name: 'Persona and memory' }).click();
    const persona = chat.getByRole('form', { name: 'Persona' });
    await persona.getByLabel('Name').fill('Amina');
    await persona.getByLabel('Tone').fill('warm and brief');
    await persona.getByRole('button', { name: 'Save persona' }).click();
    await persona.getByText('Saved.').waitFor();
    await chat.getByRole('textbox', { name: 'New memory' }).fill('Grows millet near Kayes');
    await chat.getByRole('button', { name: 'Add', exact: true }).click();
    await chat.getByText('Grows millet near Kayes').waitFor();
    await shot('persona');

    await page.reload();
    await chat.getByRole('button', { name: 'Persona and memory' }).click();
    const again = chat.getByRole('form', { name: 'Persona' });
    await expect.poll(() => again.getByLabel('Name').inputValue()).toBe('Amina');
    expect(await again.getByLabel('Tone').inputValue()).toBe('warm and brief');
    await chat.getByText('Grows millet near Kayes').waitFor();
    await chat.getByRole('button', { name: 'Forget “Grows millet near Kayes”' }).click();
    await chat.getByText('No memories yet.').waitFor();
  });

  it('sets the chat template and memory consent in Settings, which the chat panel follows', async () => {
    await page.goto(`${e2e.url}#/settings`);
    const settings = page.locator('[data-page="settings"]');
    await settings.getByLabel('Chat template').selectOption('chatML');
    await settings.getByRole('checkbox', { name: 'Remember facts from my chats' }).check();
    const apiLoads = settings.getByRole('checkbox', { name: 'Load models when the local API asks for them' });
    expect(await apiLoads.isChecked()).toBe(true);
    // Controlled by the saved setting: it changes once the owner has stored it.
    await apiLoads.click();
    await expect.poll(() => apiLoads.isChecked()).toBe(false);
    await page.reload();
    await expect.poll(() => apiLoads.isChecked()).toBe(false);
    await apiLoads.click();
    await expect.poll(() => apiLoads.isChecked()).toBe(true);
    await expect.poll(() => settings.getByLabel('Chat template').inputValue()).toBe('chatML');
    expect(await settings.getByRole('checkbox', { name: 'Remember facts from my chats' }).isChecked()).toBe(
      true,
    );
    await page.goto(`${e2e.url}#/chat`);
    await chat.getByRole('button', { name: 'Persona and memory' }).click();
    expect(await chat.getByRole('checkbox', { name: 'Remember facts from my chats' }).isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    await chat.locator('.chat-panel').waitFor({ state: 'detached' });
  });

  it('reads well in the dark theme and logged no errors', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await chat.getByRole('listbox', { name: 'Conversations' }).getByRole('option').first().click();
    await replies().first().waitFor();
    await shot('dark');
    expect(e2e.consoleErrors).toEqual([]);
  });
});

describe('chat in Chromium with no model loaded', { timeout: 120_000 }, () => {
  let e2e: ServeAndBrowser;
  let page: Page;

  beforeAll(async () => {
    // No SAHEL_CHAT_PROVIDER: replies would come from the local engine, which has no model.
    e2e = await withServeAndBrowser({ prepare: initVault });
    page = e2e.page;
  });

  afterAll(() => e2e?.close());

  it('says no model is loaded, keeps the composer shut, and links to the Models page', async () => {
    await page.goto(`${e2e.url}#/chat`);
    const chat = page.locator('[data-page="chat"]');
    await chat.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await chat.getByRole('button', { name: 'Unlock' }).click();
    const banner = chat.locator('.chat-banner', { hasText: /No model is loaded/ });
    await banner.waitFor({ timeout: KDF_MS });
    expect(await chat.locator('.chat-model').textContent()).toBe('No model loaded');
    const box = chat.getByRole('textbox', { name: 'Message' });
    await box.fill('hello');
    expect(await chat.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'chat-no-model.png') });
    await banner.getByRole('button', { name: 'Open Models' }).click();
    await page.locator('[data-page="models"]').waitFor();
    expect(page.url()).toContain('#/models');
  });
});
