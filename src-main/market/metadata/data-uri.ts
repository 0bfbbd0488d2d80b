import { METADATA_MAX_BYTES } from '../../../src-shared/domain/asset-metadata.js';
import { MetadataUnreadable } from './errors.js';

// RFC 2397, strictly: a JSON media type (or none), at most a utf-8 charset, base64 or percent-encoded.
const HEAD = /^data:(application\/json)?((?:;charset=utf-8)?)(;base64)?,/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The bytes of a `data:` metadata URI. Refused: another media type, unknown parameters, malformed
 * base64 or percent escapes, and anything over METADATA_MAX_BYTES once decoded (checked on the
 * encoded length first, so a huge URI is never decoded).
 */
export function dataUriBytes(uri: string): Uint8Array {
  const head = HEAD.exec(uri);
  if (!head) {
    throw new MetadataUnreadable(
      'a data: URI that is not application/json (only ;charset=utf-8 and ;base64 allowed)',
    );
  }
  const body = uri.slice(head[0].length);
  if (head[3]) {
    if (body.length > Math.ceil(METADATA_MAX_BYTES / 3) * 4) throw tooLarge();
    if (body.length % 4 !== 0 || !BASE64.test(body))
      throw new MetadataUnreadable('malformed base64 in a data: URI');
    return checkSize(Buffer.from(body, 'base64'));
  }
  if (body.length > METADATA_MAX_BYTES * 3) throw tooLarge();
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body.charCodeAt(i);
    if (ch === 0x25) {
      const hex = body.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new MetadataUnreadable('a malformed % escape in a data: URI');
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (ch > 0x20 && ch < 0x7f) {
      bytes.push(ch);
    } else {
      // A URI holds printable ASCII only: raw spaces, controls or other characters mean it was not encoded.
      throw new MetadataUnreadable('a data: URI holding characters that should have been %-encoded');
    }
  }
  return checkSize(Uint8Array.from(bytes));
}

function checkSize(bytes: Uint8Array): Uint8Array {
  if (bytes.length > METADATA_MAX_BYTES) throw tooLarge();
  return bytes;
}

const tooLarge = () => new MetadataUnreadable(`larger than ${METADATA_MAX_BYTES / 1024} KiB`);
