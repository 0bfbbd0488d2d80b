import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../platform/index.js';
import { AccessToken } from './auth.js';

/** Where `sahel serve` keeps its access token, so a bookmarked URL or a tab's cookie outlives a restart. */
export function tokenFile(dataDir: string): string {
  return join(dataDir, 'serve-token');
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The kept token, or a new one (written 0600, atomically) when there is none, the file is not a token
 * (hand-edited, truncated) or `rotate` asks for a fresh one — which is how a leaked token is revoked.
 */
export function keptToken(dataDir: string, rotate: boolean): { token: AccessToken; created: boolean } {
  const file = tokenFile(dataDir);
  if (!rotate) {
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8').trim();
    } catch {
      text = undefined;
    }
    if (text !== undefined && TOKEN_SHAPE.test(text)) return { token: new AccessToken(text), created: false };
  }
  const token = new AccessToken();
  writeFileAtomic(file, `${token.value}\n`, 0o600);
  return { token, created: true };
}
