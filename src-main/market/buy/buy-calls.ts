import { type Address, encodeFunctionData, type Hex } from 'viem';
import { abis } from '../../chain/index.js';

/** ERC-20 approve of exactly `amount` (never unlimited). */
export function approveCall(spender: Address, amount: bigint): Hex {
  return encodeFunctionData({ abi: abis.paymentToken(), functionName: 'approve', args: [spender, amount] });
}

export function buyCall(offerId: bigint, maxPrice: bigint, token: Address, pubKey: Hex): Hex {
  return encodeFunctionData({
    abi: abis.marketplace(),
    functionName: 'buy',
    args: [offerId, maxPrice, token, pubKey],
  });
}

export function refundCall(licenseId: bigint): Hex {
  return encodeFunctionData({ abi: abis.marketplace(), functionName: 'refund', args: [licenseId] });
}

/** Marketplace.withdraw: everything owed to the sender in `token`. */
export function withdrawCall(token: Address): Hex {
  return encodeFunctionData({ abi: abis.marketplace(), functionName: 'withdraw', args: [token] });
}
