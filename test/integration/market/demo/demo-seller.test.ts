import { createHash } from 'node:crypto';
import { type Address, createWalletClient, getAddress, type Hex, http, parseEther, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, describe, expect, it } from 'vitest';
import { abis } from '../../../../src-main/chain/contracts/artifacts.js';
import { Devnet, devAccount } from '../../../../src-main/chain/devnet/devnet.js';
import { chainFor, publicClientFor } from '../../../../src-main/chain/networks-rpc.js';
import { openAssetKey } from '../../../../src-main/market/deliver/seal.js';
import { DEMO_ASSETS, demoContentHash } from '../../../../src-main/market/demo/demo-assets.js';
import { demoMarket } from '../../../../src-main/market/demo/demo-seller.js';
import { decrypt, X25519Identity } from '../../../../src-main/vault/index.js';
import { AssetMetadata } from '../../../../src-shared/domain/asset-metadata.js';
import { silentLogger } from '../../../support/logger.js';
import { cast, fileTempDir, until } from '../../chain/devnet-helpers.js';

const dir = fileTempDir();
const buyer = privateKeyToAccount(generatePrivateKey());
const devnets: Devnet[] = [];
afterAll(async () => {
  for (const d of devnets) await d.stop();
});

const devnet = () => {
  const d = new Devnet({
    dir,
    log: silentLogger(),
    accounts: () => [buyer.address],
    demo: demoMarket(silentLogger()),
  });
  devnets.push(d);
  return d;
};

describe('the devnet’s demo seller', () => {
  it('delivers a demo purchase: the buyer opens the key, decrypts the listing’s inline ciphertext, gets the content on chain', async () => {
    const run = await devnet().ensureRunning();
    const pub = publicClientFor('devnet', run.chainId, run.rpcUrl);
    const wallet = createWalletClient({
      account: buyer,
      chain: chainFor('devnet', run.chainId, run.rpcUrl),
      transport: http(run.rpcUrl),
    });
    const market = getAddress(run.contracts.marketplace);
    const token = getAddress(run.contracts.paymentToken);
    const asset = DEMO_ASSETS[0]!;
    const assetId = (await pub.readContract({
      address: run.contracts.assetRegistry as Address,
      abi: abis.assetRegistry(),
      functionName: 'assetIdByContentHash',
      args: [demoContentHash(asset)],
    })) as bigint;
    expect(assetId).toBe(1n);

    const licenceKey = X25519Identity.generate();
    const send = async (to: Address, abi: readonly unknown[], functionName: string, args: unknown[]) => {
      const hash = await wallet.writeContract({ address: to, abi, functionName, args } as never);
      expect((await pub.waitForTransactionReceipt({ hash })).status).toBe('success');
    };
    await send(token, abis.paymentToken(), 'approve', [market, asset.price]);
    await send(market, abis.marketplace(), 'buy', [
      1n,
      asset.price,
      token,
      toHex(licenceKey.recipient().publicKey),
    ]);

    // Nothing else runs here: the devnet's own demo seller sees the licence and delivers it.
    const status = () =>
      cast(
        'call',
        '--rpc-url',
        run.rpcUrl,
        market,
        'getLicense(uint256)((uint256,uint256,address,address,address,uint256,uint256,uint64,uint64,uint64,uint8,bytes32))',
        '1',
      );
    await until(() => status().includes(', 2, 0x'), 20_000); // LicenseStatus.Delivered
    const [delivered] = await pub.getContractEvents({
      address: market,
      abi: abis.marketplace(),
      eventName: 'KeyDelivered',
      fromBlock: 0n,
    });
    if (!delivered) throw new Error('no KeyDelivered event');
    const sealed = (delivered.args as { sealedKey: Hex }).sealedKey;
    const assetKey = await openAssetKey(Buffer.from(sealed.slice(2), 'hex'), licenceKey);

    const record = (await pub.readContract({
      address: run.contracts.assetRegistry as Address,
      abi: abis.assetRegistry(),
      functionName: 'getAsset',
      args: [assetId],
    })) as { metadataURI: string; contentHash: Hex };
    const json = Buffer.from(record.metadataURI.replace(/^data:application\/json;base64,/, ''), 'base64');
    const meta = AssetMetadata.parse(JSON.parse(json.toString('utf8')));
    const inline = meta.ciphertext.locations.find((l) => l.kind === 'inline');
    if (inline?.kind !== 'inline') throw new Error('no inline ciphertext');
    const ciphertext = Buffer.from(inline.base64, 'base64');
    expect(`0x${createHash('sha256').update(ciphertext).digest('hex')}`).toBe(meta.ciphertext.sha256);
    const plaintext = await decrypt([assetKey], ciphertext);
    expect(`0x${createHash('sha256').update(plaintext).digest('hex')}`).toBe(record.contentHash);
    expect(plaintext.toString('utf8')).toMatch(/^station,time_utc,temp_c/);

    // Paid like any sale: the seller and its co-contributor are owed their shares.
    const owed = (who: Address) =>
      pub.readContract({
        address: market,
        abi: abis.marketplace(),
        functionName: 'owed',
        args: [token, who],
      }) as Promise<bigint>;
    const [sellerOwed, coOwed] = await Promise.all([
      owed(devAccount(1).address),
      owed(devAccount(2).address),
    ]);
    expect(sellerOwed + coOwed).toBeGreaterThan(0n);
    expect(sellerOwed * 4_000n).toBe(coOwed * 6_000n);
    expect(sellerOwed + coOwed).toBeLessThanOrEqual(parseEther('25'));
  });
});
