import {
  type Address,
  encodeDeployData,
  encodeFunctionData,
  getAddress,
  getContractAddress,
  type LocalAccount,
  type PublicClient,
} from 'viem';
import type { ContractAddresses } from '../../src-shared/domain/network.js';
import { SahelError } from '../../src-shared/errors.js';
import { artifact } from './contracts/artifacts.js';
import { txBatch } from './contracts/batch.js';
import { checkChainId, publicClientFor, unreachable } from './networks-rpc.js';

export interface DeployOptions {
  /** A label for the chain in viem (the network's name). */
  name: string;
  rpcUrl: string;
  chainId: number;
  /** Deploys, administers the market and (on a mintable token) holds the faucet role. */
  account: LocalAccount;
  /** Only the devnet's token can be minted (its faucet); a real network's cannot. */
  mintable: boolean;
  feeRecipient?: Address;
  /** The platform fee in basis points (the contract caps it). */
  feeBps?: number;
  /** Seconds a seller has to deliver the key before the buyer may take a refund. */
  deliveryWindowSeconds?: bigint;
  tokenName?: string;
  tokenSymbol?: string;
}

export const DEFAULT_FEE_BPS = 250;
export const DEFAULT_DELIVERY_WINDOW = 24n * 3600n;

/**
 * Deploys PaymentToken, AssetRegistry and Marketplace from the shipped artifacts and allows the token
 * on the market. The chain id is checked first (CHAIN_MISMATCH). All four transactions go out back to
 * back with consecutive nonces (the market's constructor takes the registry's address, known in
 * advance from the deployer's nonce), then every receipt is checked: a revert or an address other than
 * the predicted one fails the whole deployment.
 */
export async function deployContracts(opts: DeployOptions): Promise<ContractAddresses> {
  await checkChainId(opts.rpcUrl, opts.chainId);
  const pub = publicClientFor(opts.name, opts.chainId, opts.rpcUrl);
  const admin = opts.account.address;
  const token = artifact('PaymentToken');
  const registry = artifact('AssetRegistry');
  const market = artifact('Marketplace');

  try {
    const nonce = await pub.getTransactionCount({ address: admin, blockTag: 'pending' });
    const at = (n: number) => getAddress(getContractAddress({ from: admin, nonce: BigInt(nonce + n) }));
    const predicted = { paymentToken: at(0), assetRegistry: at(1), marketplace: at(2) };
    const deploys = [
      encodeDeployData({
        abi: token.abi,
        bytecode: token.bytecode,
        args: [opts.tokenName ?? 'Sahel Credit', opts.tokenSymbol ?? 'SAHC', opts.mintable, admin, 0n],
      }),
      encodeDeployData({ abi: registry.abi, bytecode: registry.bytecode }),
      encodeDeployData({
        abi: market.abi,
        bytecode: market.bytecode,
        args: [
          predicted.assetRegistry,
          admin,
          opts.feeRecipient ?? admin,
          opts.feeBps ?? DEFAULT_FEE_BPS,
          opts.deliveryWindowSeconds ?? DEFAULT_DELIVERY_WINDOW,
        ],
      }),
    ];
    // Estimated all at once (the constructors only store their arguments), with a margin.
    const gas = await Promise.all(deploys.map((data) => pub.estimateGas({ account: admin, data })));
    const batch = await txBatch(pub, opts.account, opts.chainId);
    for (const [i, data] of deploys.entries()) await batch.send({ data, gas: (gas[i]! * 12n) / 10n });
    await batch.send({
      to: predicted.marketplace,
      data: encodeFunctionData({
        abi: market.abi,
        functionName: 'setTokenAllowed',
        args: [predicted.paymentToken, true],
      }),
      // Not estimated: the market is not mined yet when this is signed.
      gas: 100_000n,
    });
    const receipts = await batch.confirm('Deploying the marketplace contracts');
    const expected = [predicted.paymentToken, predicted.assetRegistry, predicted.marketplace];
    expected.forEach((address, i) => {
      const got = receipts[i]?.contractAddress;
      if (!got || getAddress(got) !== address) {
        throw new SahelError('UNAVAILABLE', 'The marketplace contracts were not deployed where expected');
      }
    });
    return predicted satisfies ContractAddresses;
  } catch (err) {
    throw SahelError.is(err) ? err : unreachable(opts.rpcUrl, err);
  }
}

/** True when every address holds code: a remembered deployment still exists on this chain. */
export async function contractsExist(pub: PublicClient, contracts: ContractAddresses): Promise<boolean> {
  const codes = await Promise.all(
    [contracts.paymentToken, contracts.assetRegistry, contracts.marketplace].map((address) =>
      pub.getCode({ address: address as Address }),
    ),
  );
  return codes.every((code) => code !== undefined && code !== '0x');
}
