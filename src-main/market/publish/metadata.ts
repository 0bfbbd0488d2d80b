import {
  AssetMetadata,
  type ContentLocation,
  METADATA_MAX_BYTES,
} from '../../../src-shared/domain/asset-metadata.js';
import type { PublishRequest } from '../../../src-shared/domain/market-publish.js';
import { SahelError } from '../../../src-shared/errors.js';

export interface MetadataParts {
  request: PublishRequest;
  title: string;
  content: { size: number; format: string; name: string };
  ciphertext: { sha256: string; size: number; locations: ContentLocation[] };
}

/** The metadata v1 document of a published version, checked against the schema every reader applies. */
export function buildMetadata(p: MetadataParts): AssetMetadata {
  const doc = AssetMetadata.safeParse({
    sahel: 1,
    title: p.title,
    description: p.request.description,
    kind: p.request.kind,
    tags: p.request.tags,
    licenseText: p.request.licenseText,
    content: p.content,
    ciphertext: { ...p.ciphertext, sha256: `0x${p.ciphertext.sha256}` },
  });
  if (!doc.success) {
    const issue = doc.error.issues[0];
    throw new SahelError(
      'BAD_INPUT',
      `The listing's metadata is not valid: ${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return doc.data;
}

/**
 * The metadataURI put on chain: the document itself, as `data:application/json;base64,…`. Self-contained
 * on purpose: a buyer reads the listing (title, licence text, where the ciphertext is) from the chain
 * alone, while the seller's Sahel is offline and with no server to trust or keep up. The price is gas:
 * calldata and storage grow with the bytes (about 20,000 gas per 32 bytes stored on a real chain, so a
 * few kilobytes cost a few hundred thousand gas); the plan shows the size and the simulated fee, and the
 * document is capped at the size a reader accepts (METADATA_MAX_BYTES).
 */
export function metadataUri(doc: AssetMetadata): string {
  const json = Buffer.from(JSON.stringify(doc), 'utf8');
  if (json.length > METADATA_MAX_BYTES) {
    throw new SahelError(
      'BAD_INPUT',
      `The listing's metadata is ${json.length} bytes; buyers read at most ${METADATA_MAX_BYTES}: shorten the description or licence text`,
    );
  }
  return `data:application/json;base64,${json.toString('base64')}`;
}
