import { existsSync } from 'node:fs';
import type { AssetMetadata, ContentLocation } from '../../../src-shared/domain/asset-metadata.js';
import type { PublishHost } from '../../../src-shared/domain/market-publish.js';
import { SahelError } from '../../../src-shared/errors.js';
import { writeIpfsDag } from './ipfs-dag.js';
import { carFileOf } from './versions.js';

/** An ipfs location to find pinned before anything goes on chain, and the CAR the user pins. */
export interface PinnedDag {
  cid: string;
  carFile: string;
}

/**
 * The request's hosts as metadata locations, in its order, for the ciphertext at `ciphertextPath`: an
 * ipfs one computes the file's DAG and writes its CAR beside it (`<sha256>.car`).
 */
export async function hostLocations(
  hosts: readonly PublishHost[],
  ciphertextPath: string,
  peerUrl: () => string,
): Promise<ContentLocation[]> {
  const out: ContentLocation[] = [];
  for (const h of hosts) {
    if (h.kind === 'url') out.push({ kind: 'url', url: h.url });
    else if (h.kind === 'peer') out.push({ kind: 'peer', url: peerUrl() });
    else out.push({ kind: 'ipfs', cid: (await writeIpfsDag(ciphertextPath, carFileOf(ciphertextPath))).cid });
  }
  return out;
}

/**
 * The metadata's ipfs location with its CAR; null without one. A version registered earlier keeps its
 * listed CID: its CAR is written again if it was removed, and must give that CID.
 */
export async function pinnableDag(doc: AssetMetadata, ciphertextPath: string): Promise<PinnedDag | null> {
  const loc = doc.ciphertext.locations.find((l) => l.kind === 'ipfs');
  if (!loc) return null;
  const carFile = carFileOf(ciphertextPath);
  if (!existsSync(carFile)) {
    const again = await writeIpfsDag(ciphertextPath, carFile);
    if (again.cid !== loc.cid) {
      throw new SahelError(
        'CONFLICT',
        `The listed ipfs://${loc.cid} is not this ciphertext's DAG (${again.cid}): publish it as a new version`,
      );
    }
  }
  return { cid: loc.cid, carFile };
}
