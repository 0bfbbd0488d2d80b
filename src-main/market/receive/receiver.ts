import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getAddress, type Hex, hexToBytes } from 'viem';
import type { AssetKind } from '../../../src-shared/domain/asset-metadata.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ActiveNetworkSource } from '../../chain/index.js';
import { clientFor } from '../../chain/index.js';
import type { LicenseRow, MarketTradesRepo } from '../../store/index.js';
import { createDecryptStream, type X25519Identity } from '../../vault/index.js';
import type { LicenceKeys } from '../buy/licence-keys.js';
import { readAsset } from '../buy/market-reads.js';
import { deliveriesIn, type MarketEvents, purchasesIn } from '../deliver/events.js';
import { openAssetKey } from '../deliver/seal.js';
import { isDevnet } from '../publish/chain-record.js';
import { CiphertextMismatch, fetchCiphertext } from './fetch-ciphertext.js';
import type { AssetMetadataSource } from './metadata-source.js';

/** The vault's item imports, as far as receiving needs them. */
export interface ReceiveVault {
  importStream(
    source: Readable,
    name: string,
    tags: string[],
    parentId: string | null,
    job: string,
  ): Promise<{ id: string }>;
  remove(id: string): number;
}

export interface ReceiverOptions {
  trades: MarketTradesRepo;
  keys: LicenceKeys;
  events: MarketEvents;
  metadata: AssetMetadataSource;
  network: ActiveNetworkSource;
  vault: () => ReceiveVault;
  /** `<data dir>/market/downloads`. */
  downloadsDir: string;
  fetch?: typeof fetch;
  log: { warn(msg: string, data?: Record<string, unknown>): void };
  now?: () => number;
  /**
   * An asset is in the vault (its licence marked received): core hands it to the part that makes its
   * kind usable (an adapter or a model checked and marked as a model part). A failure there is logged
   * and leaves the item a plain file in the vault; it never undoes or repeats the import.
   */
  received?(item: { itemId: string; kind: AssetKind; licence: LicenseRow }): Promise<void>;
}

/** A failure that retrying cannot fix: the licence is marked failed with it. */
class Refused extends Error {}

async function sha256Of(path: string, identity: X25519Identity): Promise<string> {
  const h = createHash('sha256');
  await pipeline(
    createReadStream(path),
    createDecryptStream([identity]),
    async (src: AsyncIterable<Buffer>) => {
      for await (const c of src) h.update(c);
    },
  );
  return `0x${h.digest('hex')}`;
}

/**
 * The buyer's side, run in the background: a licence bought here whose key was delivered (KeyDelivered,
 * from the event cache) is opened with the licence's own key; the asset's ciphertext is fetched from
 * its locations, checked against the metadata's sha256, decrypted once to check the plaintext against
 * the chain's contentHash, and only then imported into the vault (tagged `licensed`; the licence row
 * names the item). A mismatch imports nothing, keeps the download as evidence and marks the licence
 * failed with the reason; outages and a locked vault are retried on the next pass.
 */
export class Receiver {
  private running: Promise<void> | undefined;
  private readonly postponed = new Map<string, string>();
  private readonly now: () => number;

  constructor(private readonly o: ReceiverOptions) {
    this.now = o.now ?? Date.now;
  }

  run(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const network = await this.o.network();
    const market = getAddress(network.contracts.marketplace);
    // A buy confirmed while this Sahel went down before reading its receipt: its row is found by the key.
    for (const p of purchasesIn(this.o.events, network, 0)) {
      const row = this.o.trades.licenseByPubKey(p.buyerPubKey.toLowerCase());
      if (row?.state === 'buying' && row.chainId === network.chainId && row.market === market) {
        this.o.trades.markBought(row.id, {
          licenseId: p.licenseId,
          buyTx: p.txHash,
          deliveryDeadline: new Date(Number(p.deliveryDeadline) * 1000).toISOString(),
          expiresAt: p.expiresAt === '0' ? null : new Date(Number(p.expiresAt) * 1000).toISOString(),
          now: this.iso(),
        });
      }
    }
    const delivered = deliveriesIn(this.o.events, network);
    for (const row of this.o.trades.licenses(network.chainId, market)) {
      const sealed = row.licenseId ? delivered.get(row.licenseId) : undefined;
      if (row.state !== 'escrowed' || !sealed) continue;
      let got: { itemId: string; kind: AssetKind };
      try {
        got = await this.receive(row, sealed);
        this.o.trades.setLicenseState(row.id, 'received', { itemId: got.itemId, now: this.iso() });
      } catch (err) {
        if (err instanceof Refused) {
          this.o.trades.setLicenseState(row.id, 'failed', {
            reason: `delivery failed: ${err.message}`,
            now: this.iso(),
          });
        } else {
          const reason = err instanceof Error ? err.message : String(err);
          // Once per reason and licence: a locked vault would otherwise log every round.
          if (this.postponed.get(row.id) !== reason) {
            this.postponed.set(row.id, reason);
            this.o.log.warn('market receive postponed', { licenseId: row.licenseId, reason });
          }
        }
        continue;
      }
      await this.o.received?.({ ...got, licence: row }).catch((err: unknown) => {
        this.o.log.warn('market receive: the item stays a plain vault file', {
          licenseId: row.licenseId,
          kind: got.kind,
          reason: err instanceof Error ? err.message : String(err),
        });
      });
    }
  }

  private async receive(row: LicenseRow, sealed: Hex): Promise<{ itemId: string; kind: AssetKind }> {
    const network = await this.o.network();
    const licenceKey = this.o.keys.open(row.id, row.sealedSecret); // LOCKED: retried once unlocked
    let assetKey: X25519Identity;
    try {
      assetKey = await openAssetKey(hexToBytes(sealed), licenceKey);
    } catch {
      throw new Refused("the seller's sealed key does not open with this licence's key");
    }
    const assetId = BigInt(row.assetId);
    const [meta, asset] = await Promise.all([
      this.o.metadata.metadataOf(assetId),
      readAsset(clientFor(network), network, assetId),
    ]);
    let path: string;
    try {
      path = await fetchCiphertext(meta, {
        dir: this.o.downloadsDir,
        devnet: isDevnet(network),
        ...(this.o.fetch ? { fetch: this.o.fetch } : {}),
      });
    } catch (err) {
      if (err instanceof CiphertextMismatch) throw new Refused(`${err.message} (kept at ${err.path})`);
      throw err;
    }
    let plain: string;
    try {
      plain = await sha256Of(path, assetKey);
    } catch {
      throw new Refused(`the ciphertext does not open with the delivered key (kept at ${path})`);
    }
    if (plain !== asset.contentHash.toLowerCase()) {
      throw new Refused(`the decrypted asset is not the one registered on chain (kept at ${path})`);
    }
    // The seller's name for the file is a hint from untrusted metadata: no path separators or controls.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    const name = (meta.content.name ?? meta.title).replace(/[/\\\u0000-\u001f\u007f]/g, '_');
    const h = createHash('sha256');
    const tap = new Transform({
      transform(chunk: Buffer, _e, done) {
        h.update(chunk);
        done(null, chunk);
      },
    });
    const plaintext = createReadStream(path)
      .pipe(createDecryptStream([assetKey]))
      .pipe(tap);
    const vault = this.o.vault();
    // Tagged with the chain's kind (the metadata's may lie): what marks an agent or prompt asset for
    // the agent to install, and a dataset, adapter or model for the user to find.
    const item = await vault.importStream(
      plaintext,
      name,
      ['licensed', asset.kind],
      null,
      `market-license-${row.licenseId}`,
    );
    // The file was checked a moment ago; if it changed since, the item is not the asset.
    if (`0x${h.digest('hex')}` !== plain) {
      vault.remove(item.id);
      throw new SahelError('CONFLICT', 'the downloaded ciphertext changed while it was imported; retrying');
    }
    return { itemId: item.id, kind: asset.kind };
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
