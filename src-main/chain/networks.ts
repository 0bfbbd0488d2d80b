import type { Address, LocalAccount } from 'viem';
import type {
  ActiveNetworkStatus,
  ContractAddresses,
  DevnetStatus,
  NetworkInfo,
  NetworkKind,
} from '../../src-shared/domain/network.js';
import { SahelError } from '../../src-shared/errors.js';
import type { NetworkRow, NetworksRepo } from '../store/index.js';
import { deployContracts } from './deploy.js';
import { DEVNET_CHAIN_ID, type Devnet } from './devnet/devnet.js';
import { checkChainId, latestBlock, parseRpcUrl, unreachable } from './networks-rpc.js';

export const DEVNET_NAME = 'devnet';

/** What the transaction pipeline and the market need to talk to the chain in use. */
export interface ActiveNetwork {
  readonly name: string;
  readonly kind: NetworkKind;
  readonly chainId: number;
  readonly rpcUrl: string;
  readonly contracts: {
    readonly paymentToken: Address;
    readonly assetRegistry: Address;
    readonly marketplace: Address;
  };
}

export interface ActiveNetworkProvider {
  /** The network in use, its chain id checked against the RPC (CHAIN_MISMATCH otherwise). */
  active(): Promise<ActiveNetwork>;
}

/** The part of the wallet's WalletSigners this module needs (core hands it in; chain never imports wallet). */
export interface DeploySigners {
  signer(address: Address): LocalAccount;
  addresses(): readonly Address[] | Promise<readonly Address[]>;
}

export interface NetworksOptions {
  repo: NetworksRepo;
  devnet: Devnet;
  signers?: () => DeploySigners | undefined;
  onChange?: (active: NetworkInfo) => void;
  /** How long a successful chain-id check is trusted (default 5 s). */
  chainCheckTtlMs?: number;
}

/** Networks: the embedded devnet (the default) and EVM networks the user added by RPC URL. */
export class Networks implements ActiveNetworkProvider {
  private checked = new Map<string, number>();

  constructor(private readonly opts: NetworksOptions) {}

  list(): NetworkInfo[] {
    const rows = this.opts.repo.list();
    const devnetActive = !rows.some((r) => r.active);
    return [this.devnetInfo(devnetActive), ...rows.map(rowInfo)];
  }

  activeInfo(): NetworkInfo {
    const row = this.opts.repo.active();
    return row ? rowInfo(row) : this.devnetInfo(true);
  }

  async active(): Promise<ActiveNetwork> {
    const row = this.opts.repo.active();
    if (!row) {
      const run = await this.opts.devnet.ensureRunning();
      return { name: DEVNET_NAME, kind: 'devnet', ...run, contracts: asAddresses(run.contracts) };
    }
    await this.checkChain(row.rpcUrl, row.chainId);
    if (!row.contracts) {
      throw new SahelError(
        'CONFLICT',
        `The network ${row.name} has no marketplace contracts yet: run \`sahel contracts deploy --network ${row.name}\``,
      );
    }
    return {
      name: row.name,
      kind: 'rpc',
      chainId: row.chainId,
      rpcUrl: row.rpcUrl,
      contracts: asAddresses(row.contracts),
    };
  }

  /** The active network and its health; problems are reported in the result, not thrown. */
  async activeStatus(): Promise<ActiveNetworkStatus> {
    const info = this.activeInfo();
    try {
      const net = await this.active();
      const blockNumber = await latestBlock(net.name, net.chainId, net.rpcUrl);
      return {
        ...info,
        rpcUrl: net.rpcUrl,
        contracts: net.contracts,
        blockNumber,
        healthy: true,
        problem: null,
      };
    } catch (err) {
      const problem = SahelError.is(err) ? err.message : 'The network did not answer';
      return { ...info, blockNumber: null, healthy: false, problem };
    }
  }

  async add(input: { name: string; rpcUrl: string; chainId: number; contracts: ContractAddresses | null }) {
    if (input.name.toLowerCase() === DEVNET_NAME) {
      throw new SahelError('CONFLICT', '"devnet" is the embedded network; choose another name');
    }
    const rpcUrl = parseRpcUrl(input.rpcUrl);
    await checkChainId(rpcUrl, input.chainId);
    if (
      !this.opts.repo.insert({ name: input.name, rpcUrl, chainId: input.chainId, contracts: input.contracts })
    ) {
      throw new SahelError('CONFLICT', `A network named ${input.name} exists already`);
    }
    return rowInfo(this.mustGet(input.name));
  }

  use(name: string): NetworkInfo {
    if (name.toLowerCase() === DEVNET_NAME) this.opts.repo.setActive(null);
    else if (!this.opts.repo.setActive(name)) throw new SahelError('NOT_FOUND', `No network named ${name}`);
    const info = this.activeInfo();
    this.opts.onChange?.(info);
    return info;
  }

  remove(name: string): boolean {
    if (name.toLowerCase() === DEVNET_NAME)
      throw new SahelError('CONFLICT', 'The embedded devnet cannot be removed');
    const wasActive = this.opts.repo.active()?.name.toLowerCase() === name.toLowerCase();
    const removed = this.opts.repo.remove(name);
    if (removed && wasActive) this.opts.onChange?.(this.activeInfo());
    return removed;
  }

  setContracts(name: string, contracts: ContractAddresses): NetworkInfo {
    if (!this.opts.repo.setContracts(name, contracts))
      throw new SahelError('NOT_FOUND', `No network named ${name}`);
    const info = rowInfo(this.mustGet(name));
    if (info.active) this.opts.onChange?.(info);
    return info;
  }

  /**
   * Deploys the marketplace contracts on an added network with the user's account (the first wallet
   * account unless one is named) and records their addresses. The token is not mintable there.
   */
  async deploy(name: string, from?: Address): Promise<NetworkInfo> {
    const row = this.mustGet(name);
    const signers = this.opts.signers?.();
    if (!signers) throw new SahelError('LOCKED', 'Deploying needs the wallet: create or unlock it first');
    const address = from ?? (await signers.addresses())[0];
    if (!address) throw new SahelError('CONFLICT', 'The wallet has no account to deploy from');
    const contracts = await deployContracts({
      name: row.name,
      rpcUrl: row.rpcUrl,
      chainId: row.chainId,
      account: signers.signer(address),
      mintable: false,
    });
    return this.setContracts(row.name, contracts);
  }

  devnetStatus(): DevnetStatus {
    return this.opts.devnet.status();
  }

  private mustGet(name: string): NetworkRow {
    const row = this.opts.repo.get(name);
    if (!row) throw new SahelError('NOT_FOUND', `No network named ${name}`);
    return row;
  }

  private async checkChain(rpcUrl: string, chainId: number): Promise<void> {
    const key = `${chainId} ${rpcUrl}`;
    if ((this.checked.get(key) ?? 0) > Date.now()) return;
    try {
      await checkChainId(rpcUrl, chainId);
    } catch (err) {
      this.checked.delete(key);
      throw unreachable(rpcUrl, err);
    }
    this.checked.set(key, Date.now() + (this.opts.chainCheckTtlMs ?? 5_000));
  }

  private devnetInfo(active: boolean): NetworkInfo {
    const status = this.opts.devnet.status();
    return {
      name: DEVNET_NAME,
      kind: 'devnet',
      chainId: DEVNET_CHAIN_ID,
      rpcUrl: status.rpcUrl,
      contracts: status.contracts,
      active,
    };
  }
}

function rowInfo(row: NetworkRow): NetworkInfo {
  return {
    name: row.name,
    kind: 'rpc',
    chainId: row.chainId,
    rpcUrl: row.rpcUrl,
    contracts: row.contracts,
    active: row.active,
  };
}

function asAddresses(c: ContractAddresses): ActiveNetwork['contracts'] {
  return {
    paymentToken: c.paymentToken as Address,
    assetRegistry: c.assetRegistry as Address,
    marketplace: c.marketplace as Address,
  };
}
