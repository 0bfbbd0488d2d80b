import type { PublicClient } from 'viem';
import { AssetMetadata, METADATA_MAX_BYTES } from '../../../src-shared/domain/asset-metadata.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ActiveNetwork } from '../../chain/index.js';
import { readAsset } from '../buy/market-reads.js';

/** Where the buy and receive sides read an asset's metadata: a narrow port core.ts wires. */
export interface AssetMetadataSource {
  metadataOf(assetId: bigint): Promise<AssetMetadata>;
}

const DATA_URI = /^data:application\/json(;charset=utf-8)?;base64,([A-Za-z0-9+/]*={0,2})$/;

/**
 * The metadata of an asset whose metadataURI is the `data:` URI the publisher writes, read from the
 * chain and validated as untrusted.
 * TODO(merge h/mread): replace with the read side's resolver (market/metadata/), which also fetches
 * http(s) URIs and caches; this is the one place that decodes metadata on the buy side.
 */
export function dataUriMetadata(
  client: () => Promise<{ client: PublicClient; network: ActiveNetwork }>,
): AssetMetadataSource {
  return {
    async metadataOf(assetId) {
      const { client: c, network } = await client();
      const { metadataURI } = await readAsset(c, network, assetId);
      return decodeDataUri(metadataURI, assetId);
    },
  };
}

export function decodeDataUri(uri: string, assetId: bigint): AssetMetadata {
  const m = uri.length <= 2 * METADATA_MAX_BYTES ? DATA_URI.exec(uri) : null;
  if (!m) {
    throw new SahelError(
      'NOT_IMPLEMENTED',
      `Asset #${assetId}'s metadata is not a data: URI Sahel can read yet (or is too large)`,
    );
  }
  const bytes = Buffer.from(m[2] ?? '', 'base64');
  if (bytes.length > METADATA_MAX_BYTES)
    throw new SahelError(
      'BAD_INPUT',
      `Asset #${assetId}'s metadata is larger than ${METADATA_MAX_BYTES} bytes`,
    );
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new SahelError('BAD_INPUT', `Asset #${assetId}'s metadata is not JSON`);
  }
  const doc = AssetMetadata.safeParse(json);
  if (!doc.success) {
    const issue = doc.error.issues[0];
    throw new SahelError(
      'BAD_INPUT',
      `Asset #${assetId}'s metadata is not valid: ${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return doc.data;
}
