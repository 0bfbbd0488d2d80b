import { getAddress, type Hex, hexToBytes } from 'viem';
import type { AssetKind } from '../../../src-shared/domain/asset-metadata.js';
import type { ActiveNetworkSource } from '../../chain/index.js';
import { clientFor } from '../../chain/index.js';
import type { LicenseRow, MarketTradesRepo } from '../../store/index.js';
import { VaultError, type X25519Identity } from '../../vault/index.js';
import type { LicenceKeys } from '../buy/licence-keys.js';
import { readAsset } from '../buy/market-reads.js';
import { deliveriesIn, type MarketEvents, purchasesIn } from '../deliver/events.js';
import { openAssetKey } from '../deliver/seal.js';
import { isDevnet } from '../publish/chain-record.js';
import { CiphertextMismatch, fetchCiphertext } from './fetch-ciphertext.js';
import type { AssetMetadataSource } from './metadata-source.js';

/** The vault's item imports, as far as receiving needs them (see VaultItems.importForeignAge). */
export interface ReceiveVault {
  importForeignAge(
    path: string,
    identity: string,
    name: string,
    tags: string[],
    job: string,
    accept: (file: { sha256: string; size: number }) => void,
  ): Promise<{ id: string }>;
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
  /** The IPFS gateway (Settings) that `ipfs` locations are fetched through; empty or absent: skipped. */
  ipfsGateway?: () => string;
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

/**
 * Why a delivered key is not imported yet, for a failure the next pass retries: what happened and
 * what the user can do. The vault's and the API's errors carry a code; anything else (an outage, a
 * location that does not answer) is only retried.
 */
function postponedReason(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const why =
    code === 'DISK_FULL' || code === 'ENOSPC'
      ? 'the disk is full (nothing was added to the vault); free some space and it is imported on the next try'
      : code === 'LOCKED'
        ? 'the vault is locked; it is imported once the vault is unlocked'
        : `${err instanceof Error ? err.message : String(err)}; it will be tried again`;
  return `delivered, not imported yet: ${why}`;
}

/**
 * The buyer's side, run in the background: a licence bought here whose key was delivered (KeyDelivered,
 * from the event cache) is opened with the licence's own key; the asset's ciphertext is fetched from
 * its locations, checked against the metadata's sha256, then opened and sealed into the vault in one
 * pass, committed only if the plaintext's sha256 is the chain's contentHash (tagged `licensed`; the
 * licence row names the item). A mismatch imports nothing, keeps the download as evidence and marks the licence
 * failed with the reason; outages and a locked vault are retried on the next pass.
 */
export class Receiver {
  private running: Promise<void> | undefined;
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
          const reason = postponedReason(err);
          // Once per reason and licence: a locked vault would otherwise log and write every round. The
          // licence stays escrowed (nothing imported) and says why, and what the user can do.
          if (row.reason !== reason) {
            this.o.trades.setPostponed(row.id, reason, this.iso());
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
        ipfsGateway: this.o.ipfsGateway?.() ?? '',
      });
    } catch (err) {
      if (err instanceof CiphertextMismatch) throw new Refused(`${err.message} (kept at ${err.path})`);
      throw err;
    }
    // The seller's name for the file is a hint from untrusted metadata: no path separators or controls.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    const name = (meta.content.name ?? meta.title).replace(/[/\\\u0000-\u001f\u007f]/g, '_');
    const registered = asset.contentHash.toLowerCase();
    // One pass on the vault's file worker opens, hashes and seals it; the plaintext's hash is checked
    // against the chain before the vault commits anything.
    try {
      const item = await this.o.vault().importForeignAge(
        path,
        assetKey.exportSecret(),
        name,
        // Tagged with the chain's kind (the metadata's may lie): what marks an agent or prompt asset
        // for the agent to install, and a dataset, adapter or model for the user to find.
        ['licensed', asset.kind],
        `market-license-${row.licenseId}`,
        (file) => {
          if (`0x${file.sha256}` !== registered)
            throw new Refused(`the decrypted asset is not the one registered on chain (kept at ${path})`);
        },
      );
      return { itemId: item.id, kind: asset.kind };
    } catch (err) {
      if (err instanceof VaultError && err.code === 'BAD_REQUEST')
        throw new Refused(`the ciphertext does not open with the delivered key (kept at ${path})`);
      throw err;
    }
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
