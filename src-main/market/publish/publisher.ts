import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type Address, getAddress, type Hex } from 'viem';
import type { AssetMetadata } from '../../../src-shared/domain/asset-metadata.js';
import type {
  PublishedAsset,
  PublishPlan,
  PublishRequest,
  PublishResult,
} from '../../../src-shared/domain/market-publish.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ActiveNetworkSource, TxOrigin, TxPipeline } from '../../chain/index.js';
import { clientFor, resolveToken, rpcCall, tokenMeta } from '../../chain/index.js';
import type { PublishedAssetsRepo, PublishedRow } from '../../store/index.js';
import { vaultCall } from '../../vault/index.js';
import { takePlan } from '../take-plan.js';
import { checkAgentPackage } from './agent-check.js';
import type { AssetKeys } from './asset-keys.js';
import { chainRecord, isDevnet } from './chain-record.js';
import { publishedContent } from './folder-pack.js';
import { checkPinned } from './ipfs-check.js';
import { hostLocations, type PinnedDag, pinnableDag } from './locations.js';
import { metadataUri } from './metadata.js';
import { checkedPrice, checkedSplit, createOfferCall, type OfferTerms } from './publish-calls.js';
import { offerIdOf, planSteps } from './publish-steps.js';
import { checkUploaded } from './url-check.js';
import { type PublishableItems, PublishedVersions } from './versions.js';

export interface PublisherOptions {
  repo: PublishedAssetsRepo;
  keys: AssetKeys;
  items: () => PublishableItems;
  pipeline: Pick<TxPipeline, 'prepare' | 'confirm' | 'waitFor'>;
  network: ActiveNetworkSource;
  signers: { addresses(): Address[] };
  /** `<data dir>/market/blobs`: the hosted ciphertexts, named by their sha256. */
  blobsDir: string;
  /** The public base URL of this Sahel's blob listener (the `peer` location). */
  peerUrl: () => string;
  /** Throws (with what to do) when the peer listener cannot serve where its URL says. */
  checkPeerHosting: () => Promise<void>;
  /** Called once something new is published (the owner starts the blob listener). */
  published?: () => void;
  /** The IPFS gateway's base URL (Settings): an ipfs location is checked through it before it is listed. */
  ipfsGateway: () => string;
  now?: () => number;
}

interface StoredPlan {
  rowId: string;
  /** The plan made its version (row and ciphertext): discarding the plan removes them too. */
  fresh: boolean;
  chainId: number;
  from: Address;
  terms: OfferTerms;
  urls: string[];
  /** An ipfs location: fetched through the gateway and checked before any transaction. */
  ipfs: PinnedDag | null;
  registerReview: string | null;
  offerReview: string | null;
  expires: number;
}

/**
 * Publishing a vault item: `plan` checks the input, writes the ciphertext (age, to a fresh identity
 * per version, sealed in the published_assets row), builds the metadata and simulates the
 * transactions; `confirm` runs that plan and nothing else. A plan is the only way to publish, so
 * publishing vault data always has a confirmation, whoever asked for the plan.
 *
 * A stop between register and createOffer leaves the row `registered` (listed by `published()`);
 * planning the same item again plans only the offer.
 */
export class Publisher {
  private readonly plans = new Map<string, StoredPlan>();
  private readonly now: () => number;

  private readonly versions: PublishedVersions;

  constructor(private readonly o: PublisherOptions) {
    this.now = o.now ?? Date.now;
    this.versions = new PublishedVersions({ ...o, now: this.now });
  }

  /** Vault failures (locked, no such item) come out as the API's typed errors. */
  plan(r: PublishRequest): Promise<PublishPlan> {
    return vaultCall(() => this.makePlan(r));
  }

  /** `origin`: who asks (the pipeline's guard decides on it): the user, or the agent under its policy. */
  confirm(planId: string, origin: TxOrigin = 'user'): Promise<PublishResult> {
    return vaultCall(() => this.runPlan(planId, origin));
  }

  /**
   * Forgets a plan that will not be confirmed (its approval rejected or expired). The version it made
   * goes too — its row and ciphertext — while nothing is on chain for it and no other plan uses it.
   */
  discard(planId: string): void {
    const plan = this.plans.get(planId);
    if (!plan) return;
    this.plans.delete(planId);
    if (!plan.fresh || [...this.plans.values()].some((p) => p.rowId === plan.rowId)) return;
    const row = this.o.repo.get(plan.rowId);
    if (row?.state === 'prepared') this.versions.discard(row);
  }

  private async makePlan(r: PublishRequest): Promise<PublishPlan> {
    if (r.hosts.some((h) => h.kind === 'ipfs') && !this.o.ipfsGateway().trim()) {
      throw new SahelError(
        'BAD_INPUT',
        'IPFS hosting needs an IPFS gateway: set one in Settings (Sahel checks the pinned file through it, as buyers will fetch it)',
      );
    }
    const network = await this.o.network();
    const client = clientFor(network);
    const from = this.account(r.from);
    const item = this.o.items().get(r.itemId);
    if (!['file', 'note', 'model-part', 'folder'].includes(item.kind)) {
      throw new SahelError(
        'BAD_INPUT',
        `A ${item.kind} cannot be published: choose a file, a note or a folder`,
      );
    }
    if (r.kind === 'agent') await checkAgentPackage(this.o.items(), item);
    const token = r.token ? await resolveToken(network, r.token) : getAddress(network.contracts.paymentToken);
    const tm = await rpcCall(() => tokenMeta(client, network.chainId, token));
    const terms: OfferTerms = {
      token,
      price: await checkedPrice(client, network, token, r.price, tm.decimals),
      commercialUse: r.commercialUse,
      derivativesAllowed: r.derivativesAllowed,
      duration: BigInt(r.durationSeconds),
      maxLicenses: r.seats,
    };
    const split = await checkedSplit(client, network, from, r);
    const content = await publishedContent(this.o.items(), item);
    let row = await this.versions.current(client, network, content.sha256);
    if (row?.state === 'offered') {
      throw new SahelError(
        'CONFLICT',
        `This content is already published as asset #${row.assetId} (offer #${row.offerId})`,
      );
    }
    const fresh = !row;
    if (r.hosts.some((h) => h.kind === 'peer')) await this.o.checkPeerHosting();
    const locate = (path: string) => hostLocations(r.hosts, path, this.o.peerUrl);
    let doc: AssetMetadata;
    if (!row) {
      row = await this.versions.create(network.chainId, r, item, content, locate);
      doc = JSON.parse(row.metadata) as AssetMetadata;
    } else if (row.state === 'prepared') {
      doc = await this.versions.remake(row, r, item, content, locate);
    } else {
      doc = JSON.parse(row.metadata) as AssetMetadata; // on chain already: fixed
    }
    try {
      const ipfs = await pinnableDag(doc, join(this.o.blobsDir, row.ciphertextHash));
      const uri = metadataUri(doc);
      const steps = await planSteps(this.o.pipeline, {
        network,
        from,
        assetId: row.assetId === null ? null : BigInt(row.assetId),
        kind: r.kind,
        contentHash: content.sha256,
        uri,
        split,
        terms,
        token: tm,
      });
      const planId = randomBytes(16).toString('hex');
      const reviews = steps.map((s) => s.review).filter((x) => x !== null);
      const expires = Math.min(...reviews.map((x) => Date.parse(x.expiresAt)));
      this.plans.set(planId, {
        rowId: row.id,
        fresh,
        chainId: network.chainId,
        from,
        terms,
        urls: r.hosts.flatMap((h) => (h.kind === 'url' ? [h.url] : [])),
        ipfs,
        registerReview: steps.find((s) => s.step === 'register')?.review?.reviewId ?? null,
        offerReview: steps.find((s) => s.step === 'createOffer')?.review?.reviewId ?? null,
        expires,
      });
      return {
        planId,
        expiresAt: new Date(expires).toISOString(),
        network: network.name,
        chainId: network.chainId,
        from,
        contentHash: content.sha256,
        assetId: row.assetId,
        metadata: doc,
        metadataUriBytes: Buffer.byteLength(uri),
        ciphertextFile: join(this.o.blobsDir, row.ciphertextHash),
        ipfs: ipfs && { ...ipfs, gateway: this.o.ipfsGateway().trim() },
        offer: {
          ...terms,
          symbol: tm.symbol,
          decimals: tm.decimals,
          price: terms.price.toString(),
          durationSeconds: r.durationSeconds,
          seats: r.seats,
        },
        steps,
      };
    } catch (err) {
      // A version nothing refers to yet is not left behind: its row and ciphertext go.
      if (fresh) this.versions.discard(row);
      throw err;
    }
  }

  private async runPlan(planId: string, origin: TxOrigin): Promise<PublishResult> {
    const { plan, network } = await takePlan(this.plans, planId, 'publish', this.now(), this.o.network);
    let row = this.o.repo.get(plan.rowId);
    if (!row) throw new SahelError('NOT_FOUND', 'The planned version is gone: plan it again');
    for (const url of plan.urls) {
      await checkUploaded({
        url,
        sha256: row.ciphertextHash,
        size: row.ciphertextSize,
        devnet: isDevnet(network),
      });
    }
    if (plan.ipfs) {
      await checkPinned({
        ...plan.ipfs,
        gateway: this.o.ipfsGateway(),
        sha256: row.ciphertextHash,
        size: row.ciphertextSize,
        devnet: isDevnet(network),
      });
    }
    const client = clientFor(network);
    let registerTx: Hex | null = null;
    if (row.state === 'prepared') {
      if (!plan.registerReview) throw new SahelError('INTERNAL', 'The plan has no register step');
      registerTx = await this.o.pipeline.confirm(plan.registerReview, origin);
      await this.mined(registerTx, 'register', 'nothing was published; plan it again');
      const record = await chainRecord(client, network, row.contentHash as Hex);
      if (!record || getAddress(record.registrant) !== plan.from) {
        throw new SahelError(
          'CONFLICT',
          'The register transaction was mined but the asset is not ours: plan it again',
        );
      }
      this.o.repo.markRegistered(row.id, record.assetId.toString(), registerTx, this.iso());
      row = this.o.repo.get(row.id) as PublishedRow;
    }
    const assetId = BigInt(row.assetId as string);
    const market = getAddress(network.contracts.marketplace);
    let offerTx: Hex;
    let offerId: bigint;
    try {
      const review =
        plan.offerReview ??
        (
          await this.o.pipeline.prepare({
            from: plan.from,
            to: market,
            data: createOfferCall(assetId, plan.terms),
          })
        ).reviewId;
      offerTx = await this.o.pipeline.confirm(review, origin);
      await this.mined(offerTx, 'createOffer', 'the offer was not made');
      offerId = await offerIdOf(client, market, offerTx);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new SahelError(
        SahelError.is(err) ? err.code : 'UNAVAILABLE',
        `Asset #${assetId} is registered but not offered yet (${why}). Publish the same item again to offer it`,
      );
    }
    this.o.repo.markOffered(row.id, offerId.toString(), offerTx, this.iso());
    this.o.published?.();
    return {
      assetId: assetId.toString(),
      offerId: offerId.toString(),
      registerTx,
      offerTx,
      ciphertextSha256: row.ciphertextHash,
    };
  }

  /** Every version this data dir published on the active network, with its state. */
  async published(): Promise<PublishedAsset[]> {
    return this.versions.list((await this.o.network()).chainId);
  }

  private async mined(hash: Hex, step: string, otherwise: string): Promise<void> {
    const tx = await this.o.pipeline.waitFor(hash, 10 * 60_000);
    if (tx.status !== 'confirmed')
      throw new SahelError('CONFLICT', `The ${step} transaction ${hash} ${tx.status}: ${otherwise}`);
  }

  private account(wanted: string | undefined): Address {
    const mine = this.o.signers.addresses().map((a) => getAddress(a));
    if (mine.length === 0)
      throw new SahelError('NOT_FOUND', 'The wallet has no account yet: create one first');
    if (wanted === undefined) return mine[0] as Address;
    const a = getAddress(wanted.toLowerCase());
    if (!mine.includes(a)) throw new SahelError('NOT_FOUND', `${a} is not an account of this wallet`);
    return a;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}
