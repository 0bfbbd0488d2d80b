import { keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { type Chain, deploy, E18, events, PaymentToken, read, revertOf, send, useChain } from './harness.js';

const FAUCET_ROLE = keccak256(toHex('FAUCET_ROLE'));

describe('PaymentToken', () => {
  let c: Chain;
  useChain((chain) => {
    c = chain;
  });

  it('has 18 decimals, its name and symbol, and is mintable on devnet', async () => {
    expect(await read(c, c.token, PaymentToken.abi, 'decimals')).toBe(18);
    expect(await read(c, c.token, PaymentToken.abi, 'name')).toBe('Sahel Test Token');
    expect(await read(c, c.token, PaymentToken.abi, 'symbol')).toBe('SAHT');
    expect(await read(c, c.token, PaymentToken.abi, 'mintable')).toBe(true);
    expect(await read(c, c.token, PaymentToken.abi, 'hasRole', [FAUCET_ROLE, c.admin])).toBe(true);
  });

  it('the faucet mints, emitting Transfer from zero', async () => {
    const { receipt } = await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(3), 5n * E18]);
    expect(await read(c, c.token, PaymentToken.abi, 'balanceOf', [c.addr(3)])).toBe(5n * E18);
    expect(await read(c, c.token, PaymentToken.abi, 'totalSupply')).toBe(5n * E18);
    const [t] = events<{ from: string; to: string; value: bigint }>(receipt, PaymentToken.abi, 'Transfer');
    expect(t).toMatchObject({
      from: '0x0000000000000000000000000000000000000000',
      to: c.addr(3),
      value: 5n * E18,
    });
  });

  it('only the faucet role mints; the admin can grant it', async () => {
    const r = await revertOf(send(c, 1, c.token, PaymentToken.abi, 'mint', [c.addr(1), 1n]));
    expect(r?.errorName).toBe('AccessControlUnauthorizedAccount');
    await send(c, 0, c.token, PaymentToken.abi, 'grantRole', [FAUCET_ROLE, c.addr(1)]);
    await send(c, 1, c.token, PaymentToken.abi, 'mint', [c.addr(1), 7n]);
    expect(await read(c, c.token, PaymentToken.abi, 'balanceOf', [c.addr(1)])).toBe(7n);
  });

  it('a non-devnet deployment has a fixed supply and never mints', async () => {
    const fixed = await deploy(c, 0, PaymentToken, ['Fixed', 'FIX', false, c.admin, 1000n * E18]);
    expect(await read(c, fixed, PaymentToken.abi, 'mintable')).toBe(false);
    expect(await read(c, fixed, PaymentToken.abi, 'totalSupply')).toBe(1000n * E18);
    expect(await read(c, fixed, PaymentToken.abi, 'balanceOf', [c.admin])).toBe(1000n * E18);
    const r = await revertOf(send(c, 0, fixed, PaymentToken.abi, 'mint', [c.admin, 1n]));
    expect(r?.errorName).toBe('MintingDisabled');
  });

  it('transfers and allowances behave as ERC-20', async () => {
    await send(c, 0, c.token, PaymentToken.abi, 'mint', [c.addr(1), 10n]);
    await send(c, 1, c.token, PaymentToken.abi, 'approve', [c.addr(2), 4n]);
    await send(c, 2, c.token, PaymentToken.abi, 'transferFrom', [c.addr(1), c.addr(3), 4n]);
    expect(await read(c, c.token, PaymentToken.abi, 'balanceOf', [c.addr(3)])).toBe(4n);
    const r = await revertOf(
      send(c, 2, c.token, PaymentToken.abi, 'transferFrom', [c.addr(1), c.addr(3), 1n]),
    );
    expect(r?.errorName).toBe('ERC20InsufficientAllowance');
  });
});
