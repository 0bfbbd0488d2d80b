import type { AssetMetadata } from '../../src-shared/domain/asset-metadata.js';

/** A valid v1 metadata document (market tests vary it). */
export const GOOD_METADATA: AssetMetadata = {
  sahel: 1,
  title: 'Rainfall 2020',
  description: 'Daily rainfall.',
  kind: 'dataset',
  tags: ['weather'],
  licenseText: 'CC-BY',
  content: { size: 1234, format: 'text/csv', name: 'rain.csv' },
  ciphertext: {
    sha256: `0x${'ab'.repeat(32)}`,
    size: 1500,
    locations: [{ kind: 'url', url: 'https://example.org/rain.age' }],
  },
};

/** A metadata document as a data: URI, as the registry would hold it. */
export const metadataUri = (v: unknown): string =>
  `data:application/json,${encodeURIComponent(JSON.stringify(v))}`;
