import { SahelError } from '../../../src-shared/errors.js';
import { readBack } from './url-check.js';

export interface PinCheck {
  /** The gateway's base URL (Settings, `ipfsGateway`). */
  gateway: string;
  cid: string;
  /** The CAR Sahel wrote beside the `.age` file: what the user pins. */
  carFile: string;
  sha256: string;
  size: number;
  devnet: boolean;
}

/** What to do, in the words every refusal ends with. */
const howToPin = (car: string) =>
  `pin ${car} (\`ipfs dag import ${car}\` on your IPFS node, or upload the CAR to a pinning service), then publish again once the gateway serves it`;

/**
 * Fetches `ipfs://<cid>` back through the gateway buyers are told to use, before anything goes on
 * chain: it must answer the `.age` file Sahel wrote, byte for byte. A gateway may send a path to its
 * subdomain form: http(s) redirects are followed (each hop checked), others refused.
 */
export async function checkPinned(c: PinCheck): Promise<void> {
  const base = c.gateway.replace(/\/+$/, '');
  if (!base) {
    throw new SahelError(
      'BAD_INPUT',
      'No IPFS gateway is set: set one in Settings (buyers fetch ipfs:// through theirs; Sahel checks through yours)',
    );
  }
  const got = await readBack({ ...c, url: `${base}/ipfs/${c.cid}` }, 3);
  const host = new URL(base).host;
  if (got.kind === 'same') return;
  if (got.kind === 'other') {
    throw new SahelError(
      'BAD_INPUT',
      `The gateway ${host} serves other bytes for ipfs://${c.cid} than the .age file Sahel wrote: check the gateway, or ${howToPin(c.carFile)}`,
    );
  }
  const why = got.kind === 'status' ? `it answered ${got.status}` : got.why;
  throw new SahelError(
    'UNAVAILABLE',
    `ipfs://${c.cid} is not reachable through ${host} yet (${why}): ${howToPin(c.carFile)}`,
  );
}
