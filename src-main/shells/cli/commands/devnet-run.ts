import { resolve } from 'node:path';
import { Devnet, devnetFiles, isAlive, latestBlock, readNetworkFile, readPid } from '../../../chain/index.js';
import { demoMarket } from '../../../market/index.js';
import { createLogger, dataDirLayout } from '../../../platform/index.js';
import type { CliContext } from '../context.js';
import { CliError } from '../output.js';

/** What `sahel devnet start|stop|status` do; devnet.ts registers them. */

export interface DirFlags {
  dir?: string;
}

/** The devnet's directory: --dir, else the data dir's own devnet (the one the app would use). */
const devnetDir = (ctx: CliContext, flags: DirFlags) =>
  flags.dir ? resolve(flags.dir) : resolve(ctx.dataDir, 'devnet');

export async function devnetStart(ctx: CliContext, flags: DirFlags & { seed: boolean }): Promise<void> {
  const dir = devnetDir(ctx, flags);
  const log = createLogger({ file: dataDirLayout(ctx.dataDir).logFile, echo: true }).child('devnet');
  const node = new Devnet({
    dir,
    log,
    accounts: () => [],
    ...(flags.seed ? { demo: demoMarket(log.child('demo')) } : {}),
    standalone: true,
  });
  ctx.out.note(`Starting the devnet in ${dir} …`);
  const run = await node.ensureRunning();
  const file = devnetFiles(dir).network;
  ctx.out.result(
    [
      `Devnet running at ${run.rpcUrl} (chain id ${run.chainId})`,
      `  PaymentToken   ${run.contracts.paymentToken}`,
      `  AssetRegistry  ${run.contracts.assetRegistry}`,
      `  Marketplace    ${run.contracts.marketplace}`,
      `Network file: ${file}`,
      `Join from another data dir: sahel network add <name> --contracts ${file}`,
      'Ctrl-C (or `sahel devnet stop`) saves the state and stops it.',
    ].join('\n'),
    {
      rpcUrl: run.rpcUrl,
      chainId: run.chainId,
      contracts: run.contracts,
      networkFile: file,
      pid: process.pid,
    },
  );
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void node.stop().finally(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  ctx.out.note('Devnet stopped; its state is saved.');
}

export async function devnetStop(ctx: CliContext, flags: DirFlags): Promise<void> {
  const dir = devnetDir(ctx, flags);
  const rec = readPid(devnetFiles(dir));
  if (!rec || !isAlive(rec.pid)) {
    ctx.out.result('The devnet is not running.', { stopped: false, running: false });
    return;
  }
  if (!rec.standalone) {
    throw new CliError(`The devnet runs inside Sahel (pid ${rec.pid}); it stops when that Sahel closes`);
  }
  process.kill(rec.pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (isAlive(rec.pid)) {
    if (Date.now() > deadline) throw new CliError(`The devnet (pid ${rec.pid}) did not stop within 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  ctx.out.result('Devnet stopped; its state is saved.', { stopped: true, running: false });
}

export async function devnetStatus(ctx: CliContext, flags: DirFlags): Promise<void> {
  const files = devnetFiles(devnetDir(ctx, flags));
  const rec = readPid(files);
  const net = readNetworkFile(files.network);
  if (!rec || !isAlive(rec.pid) || !net) {
    ctx.out.result('The devnet is not running.', { running: false, dir: files.dir });
    return;
  }
  const block = await latestBlock('devnet', net.chainId, net.rpcUrl).catch(() => null);
  const by = rec.standalone ? '`sahel devnet start`' : 'the Sahel app';
  ctx.out.result(
    [
      `Devnet running at ${net.rpcUrl} (chain id ${net.chainId}), by ${by} (pid ${rec.pid})`,
      block === null ? '  not answering' : `  block ${block}`,
      `  PaymentToken   ${net.contracts.paymentToken}`,
      `  AssetRegistry  ${net.contracts.assetRegistry}`,
      `  Marketplace    ${net.contracts.marketplace}`,
      `Network file: ${files.network}`,
    ].join('\n'),
    {
      running: true,
      healthy: block !== null,
      blockNumber: block,
      pid: rec.pid,
      standalone: rec.standalone,
      ...net,
    },
  );
}
