import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src-main/platform/log.js';
import { REDACTED, Redactor } from '../../../src-main/platform/redact.js';
import { tempDir } from '../../support/tmp.js';

const TOKEN = 'tok_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const PASSPHRASE = 'correct horse battery staple 42';
const MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
const AGE_KEY = 'AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQS3290GG';
const PRIV_HEX = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';

describe('log redaction', () => {
  it('never writes secrets to the log file, whichever way they arrive', () => {
    const file = join(tempDir(), 'logs', 'sahel.log');
    const log = createLogger({ file, level: 'debug' });
    log.redactor.register(TOKEN);
    log.info(`server url http://127.0.0.1:1234/?token=${TOKEN}`);
    log.info('unlock attempt', { passphrase: PASSPHRASE, user: 'ana' });
    log.info('wallet import', { mnemonic: MNEMONIC, account: { privateKey: PRIV_HEX, index: 0 } });
    log.warn(`key material in text: ${AGE_KEY} and ${PRIV_HEX.slice(2)}`);
    log.error('request failed', {
      headers: { authorization: `Bearer ${TOKEN}`, cookie: `sahel_token_1=${TOKEN}` },
    });
    log.error('wrapped', { error: new Error(`bad token ${TOKEN}`) });
    log.child('api').info('nested', { deep: { deeper: { seed: 'x'.repeat(10) } } });

    const text = readFileSync(file, 'utf8');
    for (const secret of [
      TOKEN,
      PASSPHRASE,
      MNEMONIC,
      AGE_KEY,
      PRIV_HEX,
      PRIV_HEX.slice(2),
      'x'.repeat(10),
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain(REDACTED);
    // Ordinary fields survive, so the log stays useful.
    expect(text).toContain('"user":"ana"');
    expect(text).toContain('"index":0');
    expect(text.trim().split('\n')).toHaveLength(7);
  });

  it('redacts registered secrets in free text and leaves other text alone', () => {
    const r = new Redactor();
    r.register(PASSPHRASE);
    expect(r.text(`typed ${PASSPHRASE}!`)).toBe(`typed ${REDACTED}!`);
    expect(r.text('nothing secret here 1234')).toBe('nothing secret here 1234');
    r.forget(PASSPHRASE);
    expect(r.text(PASSPHRASE)).toBe(PASSPHRASE);
  });
});
