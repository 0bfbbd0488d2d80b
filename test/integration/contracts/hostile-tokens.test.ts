import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Abi, encodeFunctionData, type Hex } from 'viem';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  balanceOf,
  type Chain,
  createOffer,
  deploy,
  E18,
  Marketplace,
  owed,
  PUBKEY,
  ROOT,
  read,
  register,
  restore,
  revertOf,
  send,
  setupChain,
  snapshot,
} from './harness.js';

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
}

/** Compiles the test-only tokens (not shipped in resources/contracts). */
function compileFixtures(): Record<string, { abi: Abi; bytecode: Hex }> {
  const require = createRequire(import.meta.url);
  const solc = require('solc') as { compile(input: string, opts: unknown): string };
  const file = join(import.meta.dirname, 'fixtures', 'HostileTokens.sol');
  const input = {
    language: 'Solidity',
    sources: { 'HostileTokens.sol': { content: readFileSync(file, 'utf8') } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const findImports = (path: string) => {
    try {
      return { contents: readFileSync(join(ROOT, 'node_modules', path), 'utf8') };
    } catch {
      return { error: `not found: ${path}` };
    }
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as SolcOutput;
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const unit = out.contracts['HostileTokens.sol']!;
  return Object.fromEntries(
    Object.entries(unit).map(([name, c]) => [
      name,
      { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` as Hex },
    ]),
  );
}

describe('Marketplace against hostile tokens', () => {
  let c: Chain;
  let snap: Hex;
  let fixtures: Record<string, { abi: Abi; bytecode: Hex }>;
  beforeAll(async () => {
    fixtures = compileFixtures();
    c = await setupChain();
  }, 60_000);
  afterAll(async () => {
    await c?.anvil.stop();
  });
  beforeEach(async () => {
    snap = await snapshot(c);
  });
  afterEach(async () => {
    await restore(c, snap);
  });

  async function listWith(token: Hex, price: bigint) {
    await send(c, 0, c.market, Marketplace.abi, 'setTokenAllowed', [token, true]);
    const id = await register(c, 1);
    const offerId = await createOffer(c, 1, id, { token, price });
    return { id, offerId };
  }

  it('a fee-on-transfer token cannot underpay: the purchase reverts with PaymentShortfall', async () => {
    const fot = fixtures.FeeOnTransferToken!;
    const token = await deploy(c, 0, fot, []);
    const price = 100n * E18;
    const { id, offerId } = await listWith(token, price);
    await send(c, 2, token, fot.abi, 'mint', [c.addr(2), price]);
    await send(c, 2, token, fot.abi, 'approve', [c.market, price]);
    const r = await revertOf(send(c, 2, c.market, Marketplace.abi, 'buy', [offerId, price, token, PUBKEY]));
    expect(r?.errorName).toBe('PaymentShortfall');
    expect(r?.args).toEqual([99n * E18, price]);
    expect(await balanceOf(c, c.addr(2), token)).toBe(price);
    expect(await balanceOf(c, c.market, token)).toBe(0n);
    expect(await read(c, c.market, Marketplace.abi, 'hasValidLicense', [id, c.addr(2)])).toBe(false);
    expect(await read(c, c.market, Marketplace.abi, 'licenseCount')).toBe(0n);
  });

  it('a token that re-enters withdraw or buy is stopped by the guard and nothing is paid twice', async () => {
    const ree = fixtures.ReentrantToken!;
    const token = await deploy(c, 0, ree, []);
    const price = 10n * E18;
    const { offerId } = await listWith(token, price);
    await send(c, 2, token, ree.abi, 'mint', [c.addr(2), 3n * price]);
    await send(c, 2, token, ree.abi, 'approve', [c.market, 3n * price]);

    // Re-entering buy from inside the payment transfer.
    const buyData = encodeFunctionData({
      abi: Marketplace.abi,
      functionName: 'buy',
      args: [offerId, price, token, PUBKEY],
    });
    await send(c, 0, token, ree.abi, 'arm', [c.market, buyData]);
    const r1 = await revertOf(send(c, 2, c.market, Marketplace.abi, 'buy', [offerId, price, token, PUBKEY]));
    expect(r1?.errorName).toBe('ReentrancyGuardReentrantCall');
    expect(await read(c, c.market, Marketplace.abi, 'licenseCount')).toBe(0n);

    // A real sale, then a withdrawal whose transfer re-enters withdraw.
    await send(c, 0, token, ree.abi, 'arm', ['0x0000000000000000000000000000000000000000', '0x']);
    const { result: lic } = await send<bigint>(c, 2, c.market, Marketplace.abi, 'buy', [
      offerId,
      price,
      token,
      PUBKEY,
    ]);
    await send(c, 1, c.market, Marketplace.abi, 'deliverKey', [lic, '0x01']);
    const sellerOwed = await owed(c, c.addr(1), token);
    expect(sellerOwed).toBeGreaterThan(0n);
    const withdrawData = encodeFunctionData({
      abi: Marketplace.abi,
      functionName: 'withdraw',
      args: [token],
    });
    await send(c, 0, token, ree.abi, 'arm', [c.market, withdrawData]);
    const r2 = await revertOf(send(c, 1, c.market, Marketplace.abi, 'withdraw', [token]));
    expect(r2?.errorName).toBe('ReentrancyGuardReentrantCall');
    expect(await owed(c, c.addr(1), token)).toBe(sellerOwed);
    expect(await balanceOf(c, c.market, token)).toBe(price);

    // Disarmed, the seller withdraws exactly once.
    await send(c, 0, token, ree.abi, 'arm', ['0x0000000000000000000000000000000000000000', '0x']);
    await send(c, 1, c.market, Marketplace.abi, 'withdraw', [token]);
    expect(await balanceOf(c, c.addr(1), token)).toBe(sellerOwed);
    expect((await revertOf(send(c, 1, c.market, Marketplace.abi, 'withdraw', [token])))?.errorName).toBe(
      'NothingToWithdraw',
    );
  });
});
