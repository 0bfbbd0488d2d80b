import { describe, expect, it } from 'vitest';
import { ANVIL_CHAIN_ID, startAnvil } from '../../support/anvil.js';

async function rpc(url: string, method: string): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }),
  });
  return ((await res.json()) as { result: unknown }).result;
}

describe('test/support/anvil', () => {
  it('starts two anvils on distinct loopback ports with the default mnemonic accounts, and stops them', async () => {
    const [a, b] = await Promise.all([startAnvil({ accounts: 3 }), startAnvil({ accounts: 3 })]);
    try {
      expect(a.port).not.toBe(b.port);
      expect(a.rpcUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(Number(await rpc(a.rpcUrl, 'eth_chainId'))).toBe(ANVIL_CHAIN_ID);
      const nodeAccounts = (await rpc(a.rpcUrl, 'eth_accounts')) as string[];
      expect(nodeAccounts.map((x) => x.toLowerCase())).toEqual(
        a.accounts.map((x) => x.address.toLowerCase()),
      );
      expect(a.accounts[0]!.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    await expect(rpc(a.rpcUrl, 'eth_chainId')).rejects.toThrow();
    await a.stop(); // idempotent
  });
});
