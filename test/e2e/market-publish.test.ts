// Publishing from the Vault page in Chromium against `sahel serve` on a fresh data dir, whose embedded
// devnet (real anvil) takes the transactions: add a note, Publish…, the plan, one confirmation, the ids;
// then market.published lists it and the blob listener serves its ciphertext.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { auditButtons } from '../support/contrast.js';
import { type ServeAndBrowser, SHOTS, withServeAndBrowser } from '../support/e2e.js';
import { startTestGateway, type TestGateway } from '../support/ipfs-gateway.js';
import { presetBlobPort, presetSetting } from '../support/market-host.js';
import { wsConnect } from '../support/ws-client.js';

/** The same funded devnet key the publish CLI test imports. */
const KEY = '0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63';
const CHAIN_MS = 120_000;

describe('publishing a vault note from the Vault page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sahel-e2e-publish-'));
  const dataDir = join(dir, 'data');
  let e2e: ServeAndBrowser;
  let page: Page;
  let port = 0;
  let gateway: TestGateway;
  const sahel = (args: string[]) =>
    runCli(args, { dataDir, env: { SAHEL_PASSPHRASE_FILE: join(dir, 'pass') }, timeoutMs: 120_000 });
  /** Every button and field readable (WCAG contrast, labels), in both themes. */
  const audit = async () => {
    const findings = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const f of await page.evaluate(auditButtons, { fields: true })) findings.push({ scheme, ...f });
    }
    await page.emulateMedia({ colorScheme: 'light' });
    return findings;
  };
  /** Adds a note on the Vault page and opens its Publish… dialog. */
  const publishNewNote = async (name: string, text: string) => {
    const vault = page.locator('[data-page="vault"]');
    await vault.getByRole('button', { name: 'Add note' }).click();
    const add = page.getByRole('dialog', { name: 'Add note' });
    await add.getByLabel('Name').fill(name);
    await add.getByLabel('Text').fill(text);
    await add.getByRole('button', { name: 'Save note' }).click();
    await add.waitFor({ state: 'detached' });
    // The new note's own details (not the previously selected item's) before its Publish… button.
    await expect.poll(() => vault.locator('#vault-detail-title').textContent()).toBe(name);
    await vault.getByRole('button', { name: 'Publish…' }).click();
    return page.getByRole('dialog', { name: `Publish “${name}”` });
  };
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `market-publish-${name}.png`) });

  beforeAll(async () => {
    gateway = await startTestGateway();
    writeFileSync(join(dir, 'pass'), 'publish e2e passphrase, long enough\n', { mode: 0o600 });
    writeFileSync(join(dir, 'key'), `${KEY}\n`, { mode: 0o600 });
    e2e = await withServeAndBrowser({
      dataDir,
      viewport: { width: 1280, height: 900 },
      prepare: async () => {
        for (const args of [
          ['vault', 'init'],
          ['wallet', 'import', '--private-key-file', join(dir, 'key'), '--name', 'Main'],
        ]) {
          const r = await sahel(args);
          expect(r.code, r.stderr).toBe(0);
        }
        port = await presetBlobPort(dataDir);
        presetSetting(dataDir, 'ipfsGateway', gateway.url);
      },
    });
    page = e2e.page;
    const unlocked = await sahel(['vault', 'unlock']);
    expect(unlocked.code, unlocked.stderr).toBe(0);
  }, 300_000);

  afterAll(async () => {
    await e2e?.close();
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a note, reviews the plan, confirms once and sees the ids; market.published lists it', {
    timeout: 300_000,
  }, async () => {
    await page.goto(`${e2e.url}#/vault`);
    const dialog = await publishNewNote(
      'Field survey',
      'Well depths along the northern route, measured in March.',
    );
    await dialog.getByLabel('Title').fill('Northern route wells');
    await dialog.getByLabel('Description').fill('Depths of 40 wells.');
    await dialog.getByLabel('Price').fill('2.5');
    await dialog.getByLabel('Licence length in days').fill('30');
    await dialog.getByLabel('Seats').fill('5');
    await shot('form');
    expect(await audit()).toEqual([]);

    // A share that does not add up is refused by the owner, and nothing is planned.
    await dialog.getByLabel('Contributors').fill(`0x${'1'.repeat(40)}:5000`);
    await dialog.getByRole('button', { name: 'Review…' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), { timeout: CHAIN_MS })
      .toMatch(/5000 basis points/);
    await dialog.getByLabel('Contributors').fill('');

    await dialog.getByRole('button', { name: 'Review…' }).click();
    const review = dialog.getByTestId('publish-review');
    await review.waitFor({ timeout: CHAIN_MS });
    const steps = await review.getByTestId('publish-steps').locator(':scope > li').allTextContents();
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatch(/register/);
    expect(steps[1]).toMatch(/createOffer/);
    expect(steps.every((s) => /Fee.*at most [0-9.,]+ ETH/.test(s))).toBe(true);
    const text = (await review.textContent()) ?? '';
    expect(text).toContain('Northern route wells');
    expect(text).toMatch(/2\.5 /);
    expect(text).toContain(`http://127.0.0.1:${port}`);
    expect(text).toMatch(/30 days, 5 seats/);
    await shot('plan');
    expect(await audit()).toEqual([]);

    // Nothing is on chain until the one confirmation.
    const { api, close } = await wsConnect(e2e.serve);
    try {
      const before = await api.market.published({});
      expect(before.assets.every((a) => a.state === 'prepared')).toBe(true);

      await review.getByRole('button', { name: 'Publish' }).click();
      const done = dialog.getByTestId('publish-done');
      await done.waitFor({ timeout: CHAIN_MS });
      const [, assetId, offerId] = /asset #(\d+), offer #(\d+)/.exec((await done.textContent()) ?? '') ?? [];
      expect(Number(assetId)).toBeGreaterThan(0);
      expect(Number(offerId)).toBeGreaterThan(0);
      await shot('done');

      const after = await api.market.published({});
      const mine = after.assets.find((a) => a.assetId === assetId);
      expect(mine).toMatchObject({ state: 'offered', offerId, title: 'Northern route wells' });
      const blob = await fetch(`http://127.0.0.1:${port}/market/blobs/${mine?.ciphertextSha256}`, {
        headers: { Range: 'bytes=0-20' },
      });
      expect(blob.status).toBe(206);
      expect(new TextDecoder().decode(await blob.arrayBuffer())).toBe('age-encryption.org/v1');
    } finally {
      close();
    }
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('with a URL location, the plan names the file to upload; a copy that is not there is refused, the uploaded one publishes', {
    timeout: 300_000,
  }, async () => {
    // The "upload host": a loopback server that serves what the test put in `uploaded` (the devnet allows loopback).
    let uploaded: Buffer | null = null;
    const host = createServer((_req, res) => {
      if (uploaded) res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(uploaded);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(host.address() as AddressInfo).port}/survey.age`;
    try {
      const dialog = await publishNewNote(
        'Southern survey',
        'Well depths along the southern route, measured in April.',
      );
      await dialog.getByLabel('Price').fill('1');
      await dialog.getByLabel('Also hosted at').fill(url);
      await dialog.getByRole('button', { name: 'Review…' }).click();
      const upload = dialog.getByTestId('publish-upload');
      await upload.waitFor({ timeout: CHAIN_MS });
      const file = (await upload.locator('.mono').textContent()) ?? '';
      expect(await dialog.getByTestId('publish-review').textContent()).toContain(url);
      await shot('plan-url');

      // Not uploaded yet: refused, nothing published, the review stays for another try.
      await dialog.getByRole('button', { name: 'Publish' }).click();
      await expect
        .poll(() => dialog.getByRole('alert').textContent(), { timeout: CHAIN_MS })
        .toMatch(/answered 404: upload the .age file there first/);
      // A plan runs once: the next try is a fresh plan (the same ciphertext), reviewed again.
      uploaded = readFileSync(file);
      await dialog.getByRole('button', { name: 'Plan again' }).click();
      await dialog.getByRole('button', { name: 'Publish' }).waitFor({ timeout: CHAIN_MS });
      expect((await upload.locator('.mono').textContent()) ?? '').toBe(file);
      await dialog.getByRole('button', { name: 'Publish' }).click();
      await dialog.getByTestId('publish-done').waitFor({ timeout: CHAIN_MS });
      await dialog.getByRole('button', { name: 'Close' }).click();
    } finally {
      host.close();
    }
    expect(e2e.consoleErrors).toEqual([]);
  });

  it('on IPFS, the plan names the CAR to pin; not pinned is refused, pinned it publishes ipfs://<CID>', {
    timeout: 300_000,
  }, async () => {
    const dialog = await publishNewNote(
      'Eastern survey',
      'Well depths along the eastern route, measured in May.',
    );
    await dialog.getByLabel('Price').fill('1');
    await dialog.getByLabel('Host the ciphertext from this Sahel').uncheck();
    await dialog.getByLabel(/Also on IPFS/).check();
    await dialog.getByRole('button', { name: 'Review…' }).click();
    const pin = dialog.getByTestId('publish-ipfs');
    await pin.waitFor({ timeout: CHAIN_MS });
    const car = (await pin.locator('.mono').last().textContent()) ?? '';
    expect(car).toMatch(/\.car$/);
    const [, cid] =
      /ipfs:\/\/(b[a-z2-7]+)/.exec((await dialog.getByTestId('publish-review').textContent()) ?? '') ?? [];
    expect(await pin.textContent()).toContain(gateway.url);
    await shot('plan-ipfs');
    expect(await audit()).toEqual([]);

    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), { timeout: CHAIN_MS })
      .toMatch(/is not reachable through .* yet \(it answered 404\): pin .*\.car/);
    expect(await gateway.pin(car)).toEqual([cid]);
    await dialog.getByRole('button', { name: 'Plan again' }).click();
    await dialog.getByRole('button', { name: 'Publish' }).waitFor({ timeout: CHAIN_MS });
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await dialog.getByTestId('publish-done').waitFor({ timeout: CHAIN_MS });
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(gateway.asked).toContain(`/ipfs/${cid}`);
    expect(e2e.consoleErrors).toEqual([]);
  });
});
