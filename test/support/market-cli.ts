// What the CLI market tests share: two funded devnet keys (a seller and a buyer, imported into one
// wallet), and cli.ts's check that a command exited 0 and its reader of a --json field (another process).
import { jsonField as field } from './cli.js';

export { jsonField as field, succeeded as ok } from './cli.js';

export const SELLER_KEY = '0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63';
export const BUYER_KEY = '0x5b1c8a7e3d2f4c6b9a0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a';

/**
 * `market licenses --json` (what `list` returns), asked again until the first licence is out of escrow
 * (delivered and received, or failed) or 600 tries passed; the last answer.
 */
export async function settledLicences(list: () => Promise<string>): Promise<string> {
  let licences = '';
  for (let i = 0; i < 600; i++) {
    licences = await list();
    if (field(licences, 'licenses[0].state') !== 'escrowed') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return licences;
}
