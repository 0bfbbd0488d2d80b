import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Abi, Hex } from 'viem';
import { appRoot } from '../../platform/index.js';

export const CONTRACT_NAMES = ['PaymentToken', 'AssetRegistry', 'Marketplace'] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];

/** What scripts/compile-contracts.mjs writes to resources/contracts/<name>.json. */
export interface ContractArtifact {
  readonly contractName: ContractName;
  readonly abi: Abi;
  readonly bytecode: Hex;
  readonly deployedBytecode: Hex;
}

const cache = new Map<ContractName, ContractArtifact>();

/**
 * The compiled artifact shipped with the app (never compiled at run time). Read once; a missing or
 * malformed file is a broken install, so it throws rather than guessing.
 */
export function artifact(name: ContractName, root: string = appRoot()): ContractArtifact {
  const hit = cache.get(name);
  if (hit) return hit;
  const file = join(root, 'resources', 'contracts', `${name}.json`);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<ContractArtifact>;
  if (
    raw.contractName !== name ||
    !Array.isArray(raw.abi) ||
    !/^0x[0-9a-f]+$/i.test(String(raw.bytecode)) ||
    !/^0x[0-9a-f]*$/i.test(String(raw.deployedBytecode))
  ) {
    throw new Error(`The contract artifact ${file} is malformed; reinstall Sahel`);
  }
  const loaded = raw as ContractArtifact;
  cache.set(name, loaded);
  return loaded;
}

/** The ABIs, for reads and writes against deployed contracts (the tx pipeline and the market use these). */
export const abis = {
  paymentToken: (): Abi => artifact('PaymentToken').abi,
  assetRegistry: (): Abi => artifact('AssetRegistry').abi,
  marketplace: (): Abi => artifact('Marketplace').abi,
};

/** AssetRegistry.Kind, in the contract's order. */
export const ASSET_KINDS = ['dataset', 'model', 'adapter', 'agent', 'prompt'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];
export const assetKindIndex = (kind: AssetKind): number => ASSET_KINDS.indexOf(kind);
