// What a refused send says: amounts in the app's own figures, not `custom error 0xe450d38c` or "the
// node refused it"; and the recipient checks every send goes through (checksum, zero address).
import { BaseError, ContractFunctionRevertedError, encodeFunctionData, getAddress, parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { transferIntent } from '../../../src-main/chain/tx/transfer.js';
import { SahelError } from '../../../src-shared/errors.js';
import { tempDir } from '../../support/tmp.js';
import {
  type Chain,
  createOffer,
  E18,
  Marketplace,
  PaymentToken,
  PUBKEY,
  register,
  send,
  useChain,
} from '../contracts/harness.js';
import { world } from './tx-fixture.js';

let c: Chain;

async function refusal(p: Promise<unknown>): Promise<SahelError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof SahelError)) throw new Error(`expected a SahelError, got ${String(err)}`);
  return err;
}

describe('refused sends explain themselves', () => {
  useChain((chain) => {
    c = chain;
  });

  it('an ERC-20 transfer over the balance names the token and both amounts', async () => {
    const w = world(c, tempDir());
    await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(2), 3n * E18]);
    const intent = await transferIntent(w.network, {
      from: c.addr(2),
      to: c.addr(6),
      amount: '5',
      token: 'SAHT',
    });
    const err = await refusal(w.pipeline.prepare(intent));
    expect(err.code).toBe('REVERTED');
    expect(err.message).toBe('The transaction would fail: Not enough SAHT: you have 3, this needs 5');
    w.close();
  });

  it('spending more of the native coin than the account holds says how much it has and needs', async () => {
    const w = world(c, tempDir());
    const balance = await c.pub.getBalance({ address: c.addr(1) });
    expect(balance).toBe(parseEther('10000'));
    const over = await refusal(
      w.pipeline.prepare({ from: c.addr(1), to: c.addr(4), value: parseEther('1000000') }),
    );
    expect(over.code).toBe('REVERTED');
    expect(over.message).toBe('Not enough ETH: you have 10,000, this needs 1,000,000 plus the network fee');
    // The amount fits but not with the fee: the figures include the most the fee can be.
    const tight = await refusal(w.pipeline.prepare({ from: c.addr(1), to: c.addr(4), value: balance - 1n }));
    expect(tight.message).toMatch(
      /^Not enough ETH: you have 10,000, this needs 10,000\.0\d+ \(9,999\.999999999999999999 plus a network fee of at most 0\.\d+\)$/,
    );
    w.close();
  });

  it('a buy without allowance is decoded from the Marketplace ABI (it carries IERC20Errors)', async () => {
    const w = world(c, tempDir());
    const asset = await register(c, 3);
    const price = 5n * E18;
    const offer = await createOffer(c, 3, asset, { price });
    await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(1), price]);
    // viem alone, with nothing but the marketplace's ABI, names the token's error.
    const raw = await c.pub
      .simulateContract({
        account: c.addr(1),
        address: c.market,
        abi: Marketplace.abi,
        functionName: 'buy',
        args: [offer, price, c.token, PUBKEY],
      })
      .catch((e: unknown) => e);
    const revert =
      raw instanceof BaseError ? raw.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    expect(revert instanceof ContractFunctionRevertedError && revert.data?.errorName).toBe(
      'ERC20InsufficientAllowance',
    );
    const data = encodeFunctionData({
      abi: Marketplace.abi,
      functionName: 'buy',
      args: [offer, price, c.token, PUBKEY],
    });
    const err = await refusal(w.pipeline.prepare({ from: c.addr(1), to: c.market, data }));
    expect(err.message).toBe(
      'The transaction would fail: the marketplace may take only 0 SAHT from you and this needs 5: approve SAHT for it first',
    );
    w.close();
  });

  it('refuses a mixed-case address whose EIP-55 checksum is wrong; plain lower or upper case passes', async () => {
    const w = world(c, tempDir());
    const good = getAddress(c.addr(6));
    const hex = good.slice(2);
    // Flip the case of one letter: still the same address in lower case, but the checksum no longer matches.
    const i = hex.search(/[a-fA-F]/);
    const flipped = hex[i] === hex[i]!.toUpperCase() ? hex[i]!.toLowerCase() : hex[i]!.toUpperCase();
    const bad = `0x${hex.slice(0, i)}${flipped}${hex.slice(i + 1)}`;
    expect(bad.toLowerCase()).toBe(good.toLowerCase());
    const err = await refusal(transferIntent(w.network, { from: c.addr(1), to: bad, amount: '1' }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(/fails its checksum/);
    for (const ok of [good, good.toLowerCase(), `0x${hex.toUpperCase()}`]) {
      expect((await transferIntent(w.network, { from: c.addr(1), to: ok, amount: '1' })).to).toBe(good);
    }
    w.close();
  });

  it('the zero address needs its own confirmation, and amounts read as the app shows them', async () => {
    const w = world(c, tempDir());
    const zero = `0x${'0'.repeat(40)}`;
    const err = await refusal(transferIntent(w.network, { from: c.addr(1), to: zero, amount: '1' }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(/zero address/);
    const meant = await transferIntent(w.network, {
      from: c.addr(1),
      to: zero,
      amount: '.5',
      toZeroAddress: true,
    });
    expect(meant).toMatchObject({ to: zero, value: parseEther('0.5') });
    const grouped = await transferIntent(w.network, { from: c.addr(1), to: c.addr(6), amount: '1,000' });
    expect(grouped.value).toBe(parseEther('1000'));
    const comma = await refusal(transferIntent(w.network, { from: c.addr(1), to: c.addr(6), amount: '1,5' }));
    expect(comma.message).toMatch(/Use a dot for decimals/);
    w.close();
  });
});
