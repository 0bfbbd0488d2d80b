import { z } from 'zod';

/**
 * The metadata a published asset's `metadataURI` points to (AssetRegistry.register). It is written by the
 * seller's Sahel and read by every buyer, so a reader treats it as untrusted: parse it with
 * `AssetMetadata.safeParse` after capping the bytes at METADATA_MAX_BYTES, and show its text as plain text
 * only (never HTML or markdown), through the renderer's printable helpers.
 *
 * What is checked against the chain, not believed from here: the plaintext's sha256 is the asset's
 * `contentHash` on chain; the kind is the chain's `kind`. The ciphertext hash below is the seller's claim,
 * which the buyer verifies on download before opening anything, and the plaintext hash after decrypting.
 */

/** Bytes a metadata document may have; a larger answer is refused before parsing. */
export const METADATA_MAX_BYTES = 64 * 1024;

export const ASSET_KINDS = ['dataset', 'model', 'adapter', 'agent', 'prompt'] as const;
/** The order of AssetRegistry.Kind: the chain stores the index. */
export const AssetKind = z.enum(ASSET_KINDS);
export type AssetKind = z.infer<typeof AssetKind>;

const Sha256Hex = z.string().regex(/^0x[0-9a-f]{64}$/, 'a sha256 digest (0x and 64 lowercase hex digits)');

/**
 * Where a buyer may fetch the ciphertext, in the order to try. Every location serves the same bytes;
 * the buyer checks `ciphertext.sha256` whichever answers.
 * - peer: the seller's own Sahel, `GET <url>/market/blobs/<sha256>` (the base URL of its blob listener);
 * - url: any http(s) address where the seller put the `.age` file;
 * - ipfs: a CIDv1 of the ciphertext, fetched through the buyer's configured gateway;
 * - inline: the ciphertext itself, base64, in this document: for assets small enough to fit under
 *   METADATA_MAX_BYTES (a prompt, a sample). Nothing to host, and it is there whenever the chain is — the
 *   devnet's demo assets are listed this way, so they work on every data dir that uses that devnet.
 */
export const ContentLocation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('peer'), url: z.string().url().max(2048) }),
  z.object({ kind: z.literal('url'), url: z.string().url().max(2048) }),
  z.object({ kind: z.literal('ipfs'), cid: z.string().regex(/^b[a-z2-7]{20,200}$/, 'a CIDv1 in base32') }),
  z.object({
    kind: z.literal('inline'),
    base64: z
      .string()
      .max(Math.ceil(METADATA_MAX_BYTES / 3) * 4)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'standard base64'),
  }),
]);
export type ContentLocation = z.infer<typeof ContentLocation>;
export type LocationKind = ContentLocation['kind'];

/** Where a location points, as one line for a person (an inline copy has no address: its size). */
export function locationText(l: ContentLocation): string {
  if (l.kind === 'ipfs') return `ipfs://${l.cid}`;
  if (l.kind === 'inline') return `in the listing itself (${Math.floor((l.base64.length * 3) / 4)} bytes)`;
  return l.url;
}

export const AssetMetadata = z.object({
  /** Format version; a reader refuses versions it does not know rather than guess. */
  sahel: z.literal(1),
  title: z.string().min(1).max(200),
  description: z.string().max(8000).default(''),
  kind: AssetKind,
  tags: z.array(z.string().min(1).max(40)).max(20).default([]),
  /** Licence text shown to a buyer beside the on-chain terms (which are what the contract enforces). */
  licenseText: z.string().max(16000).default(''),
  /** The plaintext: its size and a media type or file format hint (e.g. "application/x-tar", "gguf"). */
  content: z.object({
    size: z.number().int().nonnegative(),
    format: z.string().min(1).max(100),
    /** The file name to offer when it is saved (a hint; the buyer's vault picks the final name). */
    name: z.string().min(1).max(255).optional(),
  }),
  /** The age-encrypted file a buyer downloads. */
  ciphertext: z.object({
    sha256: Sha256Hex,
    size: z.number().int().positive(),
    locations: z.array(ContentLocation).min(1).max(8),
  }),
});
export type AssetMetadata = z.infer<typeof AssetMetadata>;
