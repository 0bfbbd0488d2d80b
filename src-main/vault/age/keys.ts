/**
 * Key strings and identity files in the format age-keygen writes: comment lines starting with `#`,
 * blank lines, and one `AGE-SECRET-KEY-1…` per line.
 */
import { AgeError } from './errors.js';
import type { Identity, Recipient } from './types.js';
import { X25519Identity, X25519Recipient } from './x25519.js';

export function parseRecipient(s: string): X25519Recipient {
  return X25519Recipient.parse(s);
}

export function parseIdentity(s: string): X25519Identity {
  return X25519Identity.parse(s);
}

export function toRecipient(r: Recipient | string): Recipient {
  return typeof r === 'string' ? X25519Recipient.parse(r) : r;
}

export function toIdentity(i: Identity | string): Identity {
  return typeof i === 'string' ? X25519Identity.parse(i) : i;
}

/** Parses an identity file; errors name the line number, never its content. */
export function parseIdentityFile(text: string): X25519Identity[] {
  const identities: X25519Identity[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    try {
      identities.push(X25519Identity.parse(line));
    } catch (err) {
      const code = err instanceof AgeError ? err.code : 'KEY_INVALID';
      throw new AgeError(code, `identity file line ${i + 1} is not a usable identity`, { cause: err });
    }
  }
  if (identities.length === 0) throw new AgeError('KEY_INVALID', 'identity file holds no identity');
  return identities;
}

/** Formats an identity the way age-keygen does, so `age -d -i` reads it. */
export function formatIdentityFile(identity: X25519Identity, created: Date = new Date()): string {
  const stamp = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `# created: ${stamp}\n# public key: ${identity.recipient().toString()}\n${identity.exportSecret()}\n`;
}
