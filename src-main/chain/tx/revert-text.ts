import {
  type Abi,
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  decodeErrorResult,
  decodeFunctionData,
  getAddress,
  type Hex,
  type PublicClient,
} from 'viem';
import { formatUnits } from '../../../src-shared/domain/amount.js';
import { abis } from '../contracts/artifacts.js';
import { type TokenMeta, tokenMeta } from '../reads/token-meta.js';
import { KNOWN_CALLS } from './effects.js';
import type { ActiveNetwork } from './ports.js';
import { rpcText } from './records.js';

/** The errors Sahel can name: its own contracts', which carry OpenZeppelin's ERC-20 errors (IERC20Errors). */
function knownErrors(): Abi {
  return [...abis.marketplace(), ...abis.assetRegistry(), ...abis.paymentToken()].filter(
    (e) => e.type === 'error',
  );
}

export interface RevertInput {
  network: ActiveNetwork;
  from: Address;
  to: Address;
  data: Hex;
}

/**
 * Why a simulated transaction would fail, as a sentence: an ERC-20 error with the token's symbol and
 * amounts ("Not enough USDx: you have 3, this needs 5"), a contract's own error by name, a revert
 * reason string. The revert data comes from the RPC, so anything it cannot decode stays generic.
 */
export async function revertText(client: PublicClient, input: RevertInput, err: unknown): Promise<string> {
  const data = revertData(err);
  if (data) {
    let decoded: { errorName: string; args: readonly unknown[] } | undefined;
    try {
      const d = decodeErrorResult({ abi: knownErrors(), data });
      decoded = { errorName: d.errorName, args: (d.args ?? []) as readonly unknown[] };
    } catch {
      decoded = undefined;
    }
    if (decoded) return explain(decoded, await tokenOf(client, input), input);
  }
  return rpcText(legacyReason(err) ?? 'the node refused it, without saying why');
}

function explain(
  d: { errorName: string; args: readonly unknown[] },
  token: TokenMeta | undefined,
  input: RevertInput,
): string {
  const sym = token?.symbol ?? 'tokens';
  const amount = (x: unknown) => (typeof x === 'bigint' ? formatUnits(x, token?.decimals ?? 18) : '?');
  const who = (x: unknown) => (typeof x === 'string' && getAddress(x) === input.from ? 'you' : String(x));
  const [a0, a1, a2] = d.args;
  switch (d.errorName) {
    case 'ERC20InsufficientBalance': {
      const holder = who(a0);
      return `Not enough ${sym}: ${holder} ${holder === 'you' ? 'have' : 'has'} ${amount(a1)}, this needs ${amount(a2)}`;
    }
    case 'ERC20InsufficientAllowance': {
      const spender =
        typeof a0 === 'string' && getAddress(a0) === getAddress(input.network.contracts.marketplace)
          ? 'the marketplace'
          : String(a0);
      return `${spender} may take only ${amount(a1)} ${sym} from you and this needs ${amount(a2)}: approve ${sym} for it first`;
    }
    case 'ERC20InvalidReceiver':
      return `${sym} cannot be sent to ${String(a0)}`;
    case 'ERC20InvalidSender':
    case 'ERC20InvalidApprover':
    case 'ERC20InvalidSpender':
      return `${sym} refuses the address ${String(a0)} (${d.errorName})`;
    case 'Error':
      return `the contract refused it: ${rpcText(String(a0))}`;
    // The registry's and the marketplace's refusals of a publish, as sentences.
    case 'ContentAlreadyRegistered':
      return `this content is already registered as asset #${String(a0)}`;
    case 'BpsSumNot10000':
      return `the contributors' shares add up to ${String(a0)} basis points; they must add up to exactly 10,000`;
    case 'RoyaltyTooHigh':
      return `the parents' royalties add up to ${String(a0)} basis points; at most ${String(a1)} are allowed`;
    case 'UnknownParent':
      return `asset #${String(a0)} does not exist, so it cannot be a parent`;
    case 'DuplicateContributor':
      return `${String(a0)} is listed twice as a contributor`;
    case 'DuplicateParent':
      return `asset #${String(a0)} is listed twice as a parent`;
    case 'ZeroBps':
      return 'every contributor and parent needs a share above zero';
    case 'TokenNotAllowed':
      return `the marketplace does not accept ${String(a0)} as payment`;
    case 'ZeroPrice':
      return 'the price must be more than zero';
    case 'PriceTooLow':
      return `the price ${amount(a0)} ${sym} is too low: the marketplace's fee on it would be zero`;
    case 'NotAssetOwner':
      return `you do not own asset #${String(a0)}, so you cannot offer it`;
    case 'Panic':
      return `the contract failed (panic ${String(a0)})`;
    default: {
      const args = d.args.map((x) => rpcText(String(x))).join(', ');
      return `the contract refused it: ${d.errorName}${args ? `(${args})` : ''}`;
    }
  }
}

/** The token a failing call moved: the one called (transfer, approve), a buy's payment token, else the network's. */
async function tokenOf(client: PublicClient, input: RevertInput): Promise<TokenMeta | undefined> {
  let token = input.network.contracts.paymentToken;
  try {
    const d = decodeFunctionData({ abi: KNOWN_CALLS, data: input.data });
    token = d.functionName === 'buy' ? (d.args[2] as Address) : input.to;
  } catch {
    // Not a call Sahel knows: the payment token is the best guess for a marketplace contract's error.
  }
  return tokenMeta(client, input.network.chainId, token).catch(() => undefined);
}

/** The revert data (selector and arguments) in an RPC error, wherever viem put it. */
export function revertData(err: unknown): Hex | undefined {
  if (!(err instanceof BaseError)) return undefined;
  let found: Hex | undefined;
  err.walk((e) => {
    const raw = (e as { data?: unknown }).data;
    const hex = typeof raw === 'object' && raw ? (raw as { data?: unknown }).data : raw;
    if (typeof hex === 'string' && /^0x[0-9a-fA-F]{8,}$/.test(hex)) found = hex as Hex;
    return false;
  });
  return found;
}

/** A revert's reason where there is no data to decode: a named error viem decoded, or the node's words. */
function legacyReason(err: unknown): string | undefined {
  if (!(err instanceof BaseError)) return undefined;
  const revert = err.walk((e) => e instanceof ContractFunctionRevertedError);
  if (revert instanceof ContractFunctionRevertedError) {
    return revert.data?.errorName ?? revert.reason ?? 'reverted';
  }
  const text = err.walk((e) => e instanceof BaseError && /revert|insufficient funds/i.test(e.shortMessage));
  return text instanceof BaseError ? text.shortMessage : undefined;
}
