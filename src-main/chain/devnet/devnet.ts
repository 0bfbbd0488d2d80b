import { mkdirSync } from 'node:fs';
import type { Address, LocalAccount } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import type { ContractAddresses, DevnetStatus } from '../../../src-shared/domain/network.js';
import { SahelError } from '../../../src-shared/errors.js';
import { type Logger, writeFileAtomic } from '../../platform/index.js';
import { contractsExist, deployContracts } from '../deploy.js';
import { publicClientFor } from '../networks-rpc.js';
import { type DevChain, fundAccounts } from '../seed.js';
import {
  type AnvilProcess,
  DEVNET_CHAIN_ID,
  DEVNET_MNEMONIC,
  dumpState,
  rpcCall,
  startAnvil,
  stopChild,
} from './anvil-process.js';
import { anvilBinary } from './binary.js';
import {
  clearRunning,
  type DevnetFiles,
  devnetFiles,
  promoteExitDump,
  readDeployment,
  readPid,
  reapOrphan,
  runByOther,
  writeDeployment,
  writeRunning,
} from './files.js';
import { installMulticall3 } from './multicall3.js';

export interface DevnetOptions {
  /** The devnet's directory (state, deployment, network file). */
  dir: string;
  log: Logger;
  /** The user's addresses to fund; core passes the wallet's, so chain never imports wallet. */
  accounts: () => Promise<readonly Address[]> | readonly Address[];
  /** The anvil binary; default: the npm package for this platform. */
  binary?: string;
  /** The demo market (market/demo, handed down by the composition root): seeded, and its seller run here. */
  demo?: DevnetDemo;
  /** How often the state is saved when blocks were mined since the last save (default 1 s). */
  saveIntervalMs?: number;
  onStatus?: (status: DevnetStatus) => void;
  /** Run by `sahel devnet start`: never joins another, and `sahel devnet stop` may stop it. */
  standalone?: boolean;
}

export interface RunningDevnet {
  readonly rpcUrl: string;
  readonly chainId: number;
  readonly contracts: ContractAddresses;
}

/**
 * The devnet's demo market, built above the chain layer: its assets are registered and offered when the
 * devnet is prepared, and its seller delivers while this process runs anvil (not while it only joined
 * another's devnet: that process runs its own).
 */
export interface DevnetDemo {
  seed(chain: DevChain, contracts: ContractAddresses): Promise<void>;
  start(chain: DevChain, contracts: ContractAddresses): void;
  stop(): Promise<void>;
}

/** The dev accounts' roles: 0 deploys and runs the faucet, 1 is the demo seller, 2–3 co-contributors. */
export const devAccount = (index: number): LocalAccount =>
  mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: index });

const MAX_RESTARTS = 5;

/**
 * The embedded devnet: anvil with its state in the data dir, the contracts deployed once, the user
 * funded and the demo market seeded. A crash of anvil restarts it from the last saved state (callers
 * get UNAVAILABLE meanwhile). If another Sahel process already runs the devnet of this directory
 * (`sahel devnet start`), this one joins it instead of starting a second anvil on the same state.
 */
export class Devnet {
  private readonly files: DevnetFiles;
  private proc: AnvilProcess | undefined;
  private joined: RunningDevnet | undefined;
  private running: RunningDevnet | undefined;
  private starting: Promise<RunningDevnet> | undefined;
  private state: DevnetStatus['state'] = 'stopped';
  private error: string | null = null;
  private restarts = 0;
  private stopping = false;
  private saver: NodeJS.Timeout | undefined;
  private savedBlock = -1;
  private saving = false;
  private funding: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: DevnetOptions) {
    this.files = devnetFiles(opts.dir);
  }

  status(): DevnetStatus {
    return {
      state: this.state,
      rpcUrl: this.running?.rpcUrl ?? null,
      chainId: DEVNET_CHAIN_ID,
      pid: this.proc?.child.pid ?? readPid(this.files)?.anvilPid ?? null,
      contracts: this.running?.contracts ?? readDeployment(this.files)?.contracts ?? null,
      restarts: this.restarts,
      error: this.error,
    };
  }

  /** Starts the devnet if needed and returns where it is. UNAVAILABLE while it restarts after a crash. */
  async ensureRunning(): Promise<RunningDevnet> {
    if (this.state === 'restarting') {
      throw new SahelError(
        'UNAVAILABLE',
        'The devnet stopped unexpectedly and is restarting; try again shortly',
      );
    }
    if (this.joined) {
      if (Number(await rpcCall(this.joined.rpcUrl, 'eth_chainId')) !== DEVNET_CHAIN_ID) {
        throw new SahelError(
          'UNAVAILABLE',
          'The devnet this data dir joined (sahel devnet start) does not answer',
        );
      }
      return this.joined;
    }
    if (this.running && this.state === 'running') return this.running;
    this.starting ??= this.start().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Tops up the user's addresses (after the wallet added an account) when the devnet runs; else nothing. */
  fundIfRunning(): Promise<Address[]> {
    // One after the other: two top-ups at once would pick the same faucet nonce.
    const next = this.funding.then(async () => {
      const run = this.running;
      if (!run || this.state !== 'running' || this.joined) return [];
      return fundAccounts(this.chain(run), devAccount(0), run.contracts, await this.opts.accounts());
    });
    this.funding = next.catch(() => []);
    return next;
  }

  private chain(run: RunningDevnet): DevChain {
    return {
      name: 'devnet',
      rpcUrl: run.rpcUrl,
      chainId: run.chainId,
      pub: publicClientFor('devnet', run.chainId, run.rpcUrl),
    };
  }

  private async start(): Promise<RunningDevnet> {
    mkdirSync(this.files.dir, { recursive: true, mode: 0o700 });
    const other = runByOther(this.files, this.opts.standalone === true);
    if (other) {
      this.joined = { rpcUrl: other.rpcUrl, chainId: other.chainId, contracts: other.contracts };
      this.running = this.joined;
      this.setState('running', null);
      this.opts.log.info('joined the devnet run by another process');
      return this.ensureRunning();
    }
    this.setState('starting', null);
    try {
      reapOrphan(this.files);
      promoteExitDump(this.files);
      const binary = this.opts.binary ?? anvilBinary();
      this.proc = await startAnvil(binary, this.files.state, this.files.exitDump);
      this.watch(this.proc, binary);
      const run = await this.prepare(this.proc.rpcUrl);
      this.running = run;
      this.writeRunning(run);
      await this.save(true);
      this.saver = setInterval(() => void this.save(false), this.opts.saveIntervalMs ?? 1_000);
      this.saver.unref();
      this.setState('running', null);
      this.opts.demo?.start(this.chain(run), run.contracts);
      this.opts.log.info('devnet running', { rpcUrl: run.rpcUrl });
      return run;
    } catch (err) {
      if (this.proc) await stopChild(this.proc.child);
      this.proc = undefined;
      const message = SahelError.is(err)
        ? err.message
        : `The devnet failed to start: ${(err as Error).message}`;
      this.setState('failed', message);
      this.opts.log.error('devnet start failed', { error: message });
      throw SahelError.is(err) ? err : new SahelError('UNAVAILABLE', message);
    }
  }

  /** Deploys unless the remembered deployment still has code on this state; then seeds and funds. */
  private async prepare(rpcUrl: string): Promise<RunningDevnet> {
    const pub = publicClientFor('devnet', DEVNET_CHAIN_ID, rpcUrl);
    const remembered = readDeployment(this.files);
    let contracts = remembered?.chainId === DEVNET_CHAIN_ID ? remembered.contracts : undefined;
    if (!contracts || !(await contractsExist(pub, contracts))) {
      contracts = await deployContracts({
        name: 'devnet',
        rpcUrl,
        chainId: DEVNET_CHAIN_ID,
        account: devAccount(0),
        mintable: true,
      });
      writeDeployment(this.files, { chainId: DEVNET_CHAIN_ID, contracts });
      this.opts.log.info('devnet contracts deployed', { ...contracts });
    }
    // Before anything is mined on top: a state saved from here on holds it (older states get it now).
    await installMulticall3(rpcUrl);
    const run = { rpcUrl, chainId: DEVNET_CHAIN_ID, contracts };
    const chain = this.chain(run);
    await this.opts.demo?.seed(chain, contracts);
    await fundAccounts(chain, devAccount(0), contracts, await this.opts.accounts());
    return run;
  }

  private writeRunning(run: RunningDevnet): void {
    const anvilPid = this.proc?.child.pid;
    if (anvilPid === undefined) return;
    writeRunning(this.files, { pid: process.pid, anvilPid, standalone: this.opts.standalone === true }, run);
  }

  /** Saves the chain state atomically when blocks were mined since the last save (or when forced). */
  private async save(force: boolean): Promise<void> {
    const run = this.running;
    // One save at a time: on a busy machine a dump can take longer than the interval.
    if (!run || !this.proc || (this.saving && !force)) return;
    this.saving = true;
    try {
      await this.saveNow(run, force);
    } finally {
      this.saving = false;
    }
  }

  private async saveNow(run: RunningDevnet, force: boolean): Promise<void> {
    const block = Number(await rpcCall(run.rpcUrl, 'eth_blockNumber'));
    if (!Number.isFinite(block) || (!force && block === this.savedBlock)) return;
    const json = await dumpState(run.rpcUrl);
    if (json === undefined || !this.proc) return;
    writeFileAtomic(this.files.state, json);
    this.savedBlock = block;
  }

  private watch(proc: AnvilProcess, binary: string): void {
    proc.child.once('exit', (code, signal) => {
      if (this.stopping || this.proc !== proc) return;
      this.opts.log.warn('devnet node exited unexpectedly', { code, signal });
      this.proc = undefined;
      clearInterval(this.saver);
      this.setState('restarting', 'The devnet node stopped unexpectedly; restarting it');
      void this.restart(binary, proc.port);
    });
  }

  private async restart(binary: string, port: number): Promise<void> {
    while (!this.stopping) {
      this.restarts += 1;
      await new Promise((r) => setTimeout(r, Math.min(10_000, 200 * 2 ** Math.min(this.restarts, 6))));
      if (this.stopping) return;
      try {
        promoteExitDump(this.files);
        this.proc = await startAnvil(binary, this.files.state, this.files.exitDump, port);
        this.watch(this.proc, binary);
        this.running = await this.prepare(this.proc.rpcUrl);
        this.writeRunning(this.running);
        this.saver = setInterval(() => void this.save(false), this.opts.saveIntervalMs ?? 1_000);
        this.saver.unref();
        this.setState('running', null);
        this.opts.demo?.start(this.chain(this.running), this.running.contracts);
        this.opts.log.info('devnet restarted', { restarts: this.restarts });
        return;
      } catch (err) {
        if (this.proc) await stopChild(this.proc.child);
        this.proc = undefined;
        if (this.restarts >= MAX_RESTARTS) {
          this.setState('failed', `The devnet could not be restarted: ${(err as Error).message}`);
          return;
        }
      }
    }
  }

  /** Saves the state one last time, then stops anvil (SIGTERM, SIGKILL after 3 s). */
  async stop(): Promise<void> {
    if (this.stopping) return;
    await this.starting?.catch(() => undefined);
    this.stopping = true;
    clearInterval(this.saver);
    await this.opts.demo?.stop();
    const proc = this.proc;
    if (proc) {
      await this.save(true).catch((err) =>
        this.opts.log.warn('final devnet save failed', { error: String(err) }),
      );
      this.proc = undefined;
      await stopChild(proc.child);
      clearRunning(this.files);
    }
    this.joined = undefined;
    this.running = undefined;
    this.setState('stopped', null);
    this.stopping = false;
  }

  /**
   * For a synchronous close (the process may exit right after): SIGTERM only. Anvil writes its exit
   * dump on the way out; the next start promotes it if it is whole, else the last save (≤ 1 s old) stands.
   */
  stopNow(): void {
    this.stopping = true;
    clearInterval(this.saver);
    void this.opts.demo?.stop();
    this.proc?.child.kill('SIGTERM');
    if (this.proc) clearRunning(this.files);
    this.proc = undefined;
    this.running = undefined;
    this.state = 'stopped';
  }

  private setState(state: DevnetStatus['state'], error: string | null): void {
    this.state = state;
    this.error = error;
    this.opts.onStatus?.(this.status());
  }
}

export { DEVNET_CHAIN_ID, devnetFiles };
