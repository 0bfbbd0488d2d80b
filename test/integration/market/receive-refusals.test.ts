// The buyer's receiver against a seller that lies, on a real anvil: the seller registers and offers with
// bare transactions and delivers a key by hand, and the ciphertext comes from a loopback server standing
// for the internet (the devnet allows loopback locations). Its download matches the metadata's sha256, so only the later checks catch it: a
// plaintext that is not the asset registered on chain, and a delivered key that does not open it. Each
// fails the licence with the reason, keeps the download as evidence and imports nothing.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Hex, hexToBytes } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import { sealAssetKey } from '../../../src-main/market/deliver/seal.js';
import { encrypt, generateIdentity, X25519Recipient } from '../../../src-main/vault/age/index.js';
import { GOOD_METADATA, metadataUri } from '../../support/asset-metadata.js';
import { tempDir } from '../../support/tmp.js';
import {
  type Chain,
  createOffer,
  E18,
  Marketplace,
  PaymentToken,
  register,
  send,
  useChain,
} from '../contracts/harness.js';
import { buyerSide } from './trade-fixture.js';

let c: Chain;
const PRICE = 5n * E18;
const SELLER = 5;
const BUYER = 4;
const sha = (b: Uint8Array) => `0x${createHash('sha256').update(b).digest('hex')}` as Hex;

/**
 * Registers and offers an asset whose ciphertext is `cipher` (served by a loopback server), with
 * `contentHash` on chain; the buyer buys it; the seller delivers `key` sealed to the licence's key. The
 * buyer's receiver then runs one round. Returns the licence as the buyer sees it, and its vault.
 */
async function buyFromLiar(cipher: Buffer, contentHash: Hex, key: ReturnType<typeof generateIdentity>) {
  const host = createServer((_req, res) => res.end(cipher));
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  after.push(() => host.close());
  const url = `http://127.0.0.1:${(host.address() as AddressInfo).port}/wells.age`;
  const meta = {
    ...GOOD_METADATA,
    content: { size: 1, format: 'text/csv', name: 'wells.csv' },
    ciphertext: {
      sha256: sha(cipher),
      size: cipher.length,
      locations: [{ kind: 'url', url }],
    },
  };
  const assetId = await register(c, SELLER, { hash: contentHash, uri: metadataUri(meta) });
  const offerId = await createOffer(c, SELLER, assetId, { price: PRICE });
  const b = await buyerSide(c, tempDir(), BUYER);
  await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(BUYER), PRICE]);
  const plan = await b.buyer.plan({ offerId: offerId.toString() });
  const { licenseId } = await b.buyer.confirm(plan.planId);
  const to = X25519Recipient.fromPublicKey(hexToBytes(plan.buyerPubKey as Hex));
  await send(c, SELLER, c.market, Marketplace.abi, 'deliverKey', [
    BigInt(licenseId),
    await sealAssetKey(key, to),
  ]);
  await b.loop.tick();
  const licence = (await b.buyer.licenses()).find((l) => l.licenseId === licenseId);
  return { b, licence };
}

const after: (() => void)[] = [];
afterEach(() => {
  for (const f of after.splice(0)) f();
});

describe('receiving from a seller that lies', () => {
  useChain((chain) => {
    c = chain;
  });

  it('a ciphertext whose plaintext is not the asset on chain imports nothing, keeps the download and says why', async () => {
    const asset = generateIdentity();
    const plain = randomBytes(70_000);
    const cipher = await encrypt([asset.recipient()], plain);
    const { b, licence } = await buyFromLiar(cipher, sha(randomBytes(8)), asset);
    try {
      expect(licence?.state).toBe('failed');
      const [, kept] =
        /^delivery failed: the decrypted asset is not the one registered on chain \(kept at (.+)\)$/.exec(
          licence?.reason ?? '',
        ) ?? [];
      expect(kept && existsSync(kept)).toBe(true);
      expect(b.vault.items.list(null)).toEqual([]);
      expect(readdirSync(join(b.dir, 'vault', 'tmp'))).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('a delivered key that does not open the ciphertext imports nothing, keeps the download and says why', async () => {
    const plain = randomBytes(70_000);
    const cipher = await encrypt([generateIdentity().recipient()], plain);
    const { b, licence } = await buyFromLiar(cipher, sha(plain), generateIdentity());
    try {
      expect(licence?.state).toBe('failed');
      expect(licence?.reason).toMatch(
        /^delivery failed: the ciphertext does not open with the delivered key \(kept at .+\)$/,
      );
      expect(b.vault.items.list(null)).toEqual([]);
      expect(readdirSync(join(b.dir, 'vault', 'tmp'))).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
