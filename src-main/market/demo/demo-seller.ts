import { type Address, encodeFunctionData, getAddress, type Hex, hexToBytes } from 'viem';
import type { ContractAddresses } from '../../../src-shared/domain/network.js';
import type { DevChain, DevnetDemo } from '../../chain/index.js';
import { abis, devAccount, txBatch } from '../../chain/index.js';
import type { Logger } from '../../platform/index.js';
import { type X25519Identity, X25519Recipient } from '../../vault/index.js';
import type { ChainLicense } from '../buy/market-reads.js';
import { LICENSE_STATUS } from '../buy/market-reads.js';
import { sealAssetKey } from '../deliver/seal.js';
import { DEMO_ASSETS, demoContentHash, demoIdentity } from './demo-assets.js';
import { seedDemoAssets } from './demo-seed.js';

const POLL_MS = 1_000;
/** deliverKey credits up to four payees and the fee: a fixed limit, so nothing is estimated per licence. */
const DELIVER_GAS = 600_000n;

/**
 * The demo seller of the devnet (dev account 1): it delivers every licence sold on its demo offers, so
 * a newcomer's first purchase on a fresh install arrives in their vault. It runs in whichever process
 * runs anvil (the app's owner, or `sahel devnet start`), polls the marketplace's licence counter once a
 * second, and seals the asset's key to the buyer's licence key like any seller. Stateless on purpose:
 * the chain says what is still escrowed, and the contract refuses a second deliverKey.
 */
export class DemoSeller {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  /** Licences below this id are settled (delivered, not ours, or not deliverable). */
  private nextLicence = 1n;
  private keys = new Map<bigint, X25519Identity>();
  private failures = 0;

  constructor(
    private readonly chain: DevChain,
    private readonly contracts: ContractAddresses,
    private readonly log: Logger,
  ) {}

  start(): void {
    const tick = () => {
      this.pass ??= this.deliverDue()
        .catch((err: unknown) => {
          // A devnet restarting, an RPC hiccup: the next tick retries; said once in a while.
          if (this.failures++ % 30 === 0) this.log.warn('demo seller round failed', { error: String(err) });
        })
        .finally(() => {
          this.pass = undefined;
        });
    };
    this.timer = setInterval(tick, POLL_MS);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.pass;
  }

  /** One pass (tests step it): delivers every escrowed licence of a demo asset sold since the last settled one. */
  async deliverDue(): Promise<void> {
    const market = getAddress(this.contracts.marketplace);
    const read = (functionName: string, args: unknown[] = []) =>
      this.chain.pub.readContract({ address: market, abi: abis.marketplace(), functionName, args });
    const count = (await read('licenseCount')) as bigint;
    if (this.nextLicence > count) return;
    if (this.keys.size === 0) await this.loadKeys();
    const seller = devAccount(1);
    const { timestamp: now } = await this.chain.pub.getBlock();
    const due: { id: bigint; sealed: Hex }[] = [];
    let settledTo = this.nextLicence;
    for (let id = this.nextLicence; id <= count; id++) {
      const l = (await read('getLicense', [id])) as ChainLicense;
      const status = LICENSE_STATUS[l.status] ?? 'none';
      const identity = this.keys.get(l.assetId);
      // Past its deadline the contract refuses the key (the buyer takes a refund): settled too.
      const deliverable = status === 'escrowed' && l.deliveryDeadline >= now;
      if (deliverable && getAddress(l.seller) === seller.address && identity) {
        let recipient: X25519Recipient;
        try {
          recipient = X25519Recipient.fromPublicKey(hexToBytes(l.buyerPubKey));
        } catch {
          this.log.warn('demo licence has an unusable buyer key; not delivered', { licenseId: String(id) });
          if (settledTo === id) settledTo = id + 1n;
          continue;
        }
        due.push({ id, sealed: await sealAssetKey(identity, recipient) });
      } else if (settledTo === id) {
        settledTo = id + 1n;
      }
    }
    if (due.length > 0) {
      const batch = await txBatch(this.chain.pub, seller, this.chain.chainId);
      for (const { id, sealed } of due) {
        const data = encodeFunctionData({
          abi: abis.marketplace(),
          functionName: 'deliverKey',
          args: [id, sealed],
        });
        await batch.send({ to: market, data, gas: DELIVER_GAS });
      }
      await batch.confirm('Delivering demo licences');
      this.log.info('demo licences delivered', { licences: due.map((d) => String(d.id)) });
      settledTo = count + 1n;
    }
    this.nextLicence = settledTo;
  }

  /** The identity of each demo asset registered on this chain, by asset id. */
  private async loadKeys(): Promise<void> {
    for (const asset of DEMO_ASSETS) {
      const id = (await this.chain.pub.readContract({
        address: this.contracts.assetRegistry as Address,
        abi: abis.assetRegistry(),
        functionName: 'assetIdByContentHash',
        args: [demoContentHash(asset)],
      })) as bigint;
      if (id > 0n) this.keys.set(id, demoIdentity(asset));
    }
  }
}

/** The devnet's demo market: its assets seeded when the devnet is prepared, its seller run alongside. */
export function demoMarket(log: Logger): DevnetDemo {
  let seller: DemoSeller | undefined;
  return {
    seed: async (chain, contracts) => void (await seedDemoAssets(chain, contracts)),
    start(chain, contracts) {
      void seller?.stop();
      seller = new DemoSeller(chain, contracts, log);
      seller.start();
    },
    async stop() {
      await seller?.stop();
      seller = undefined;
    },
  };
}
