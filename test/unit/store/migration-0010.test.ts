import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from '../../../src-main/store/database.js';
import { MIGRATIONS } from '../../../src-main/store/migrations/index.js';
import { PublishedAssetsRepo, type PublishedRow } from '../../../src-main/store/published-assets-repo.js';

const row = (over: Partial<PublishedRow> = {}): PublishedRow => ({
  id: 'p1',
  chainId: 31337,
  vaultItemId: 'item1',
  contentHash: `0x${'a'.repeat(64)}`,
  ciphertextHash: 'b'.repeat(64),
  ciphertextSize: 300,
  sealedIdentity: Buffer.from([1, 2, 3]),
  metadata: '{"sahel":1}',
  state: 'prepared',
  assetId: null,
  offerId: null,
  registerTx: null,
  offerTx: null,
  createdAt: '2026-12-07T00:00:00.000Z',
  updatedAt: '2026-12-07T00:00:00.000Z',
  ...over,
});

describe('0010 published assets', () => {
  it('adds the published_assets table after 0009, keeping earlier data, and refuses malformed rows', () => {
    const db = openDatabase(':memory:', { migrate: false });
    migrate(db, MIGRATIONS, 9);
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"dark"');
    migrate(db, MIGRATIONS, 10);
    expect(schemaVersion(db)).toBe(10);
    expect(db.prepare('SELECT value FROM settings').get()).toEqual({ value: '"dark"' });
    const repo = new PublishedAssetsRepo(db);
    expect(() => repo.insert(row({ contentHash: 'abc' }))).toThrow(/CHECK/);
    expect(() => repo.insert(row({ ciphertextHash: 'B'.repeat(64) }))).toThrow(/CHECK/);
    expect(() => repo.insert(row({ metadata: 'not json' }))).toThrow(/CHECK/);
    expect(() => repo.insert(row({ state: 'registered' }))).toThrow(/CHECK/);
    expect(() => repo.insert(row({ state: 'offered', assetId: '1' }))).toThrow(/CHECK/);
    expect(() => repo.insert(row({ assetId: '0' }))).toThrow(/CHECK/);
    repo.insert(row());
    expect(() => repo.insert(row({ id: 'p2' }))).toThrow(/UNIQUE/);
    db.close();
  });

  it('follows prepared → registered → offered; only published ciphertexts are served', () => {
    const db = openDatabase(':memory:');
    const repo = new PublishedAssetsRepo(db);
    repo.insert(row());
    expect(repo.isServed('b'.repeat(64))).toBe(false);
    expect(repo.anyServed()).toBe(false);
    repo.markOffered('p1', '3', '0x01', 'later'); // not registered yet: nothing changes
    expect(repo.get('p1')?.state).toBe('prepared');
    repo.markRegistered('p1', '7', '0x02', 'later');
    expect(repo.byAssetId(31337, '7')?.id).toBe('p1');
    expect(repo.isServed('b'.repeat(64))).toBe(true);
    repo.updatePreparedMetadata('p1', '{"changed":true}', 'later'); // on chain: the metadata is fixed
    expect(repo.get('p1')?.metadata).toBe('{"sahel":1}');
    repo.markOffered('p1', '3', '0x03', 'later');
    expect(repo.get('p1')).toMatchObject({ state: 'offered', assetId: '7', offerId: '3', offerTx: '0x03' });
    expect(repo.get('p1')?.sealedIdentity).toEqual(Buffer.from([1, 2, 3]));
    expect(repo.byContentHash(31337, `0x${'a'.repeat(64)}`)?.id).toBe('p1');
    expect(repo.byContentHash(1, `0x${'a'.repeat(64)}`)).toBeUndefined();
    expect(repo.anyServed()).toBe(true);
    db.close();
  });
});
