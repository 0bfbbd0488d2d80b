/** Why an asset's metadata could not be read: a sentence shown beside the listing, never thrown to the API. */
export class MetadataUnreadable extends Error {
  override readonly name = 'MetadataUnreadable';
}
