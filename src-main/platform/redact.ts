/**
 * Redaction for everything that reaches a log. Three nets: values under secret-sounding keys,
 * secrets the process registered (the server token, a passphrase while it is in use), and patterns of
 * key material (age identities, 32-byte hex keys, bearer tokens, token query parameters).
 */
export const REDACTED = '[redacted]';

const SECRET_KEY =
  /pass(word|phrase)?|secret|token|mnemonic|seed|private|priv_?key|api_?key|authorization|cookie|sealed|identity/i;

const SECRET_PATTERNS: RegExp[] = [
  /AGE-SECRET-KEY-1[0-9A-Z]+/g,
  /\b(0x)?[0-9a-fA-F]{64}\b/g,
  /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g,
  /([?&](token|key|secret|passphrase)=)[^&\s"']+/gi,
];

export class Redactor {
  private readonly secrets = new Set<string>();

  /** A value that must never be written anywhere: it is replaced wherever it appears. */
  register(secret: string): void {
    if (secret.length >= 6) this.secrets.add(secret);
  }

  forget(secret: string): void {
    this.secrets.delete(secret);
  }

  text(input: string): string {
    let out = input;
    for (const s of this.secrets) out = out.split(s).join(REDACTED);
    for (const re of SECRET_PATTERNS) {
      out = out.replace(re, (match, prefix?: string) =>
        typeof prefix === 'string' && match.startsWith(prefix) && prefix !== '0x'
          ? `${prefix}${REDACTED}`
          : REDACTED,
      );
    }
    return out;
  }

  value(input: unknown, depth = 0): unknown {
    if (typeof input === 'string') return this.text(input);
    if (input === null || typeof input !== 'object') return input;
    if (depth > 6) return '[…]';
    if (input instanceof Error) {
      return {
        name: input.name,
        message: this.text(input.message),
        stack: input.stack && this.text(input.stack),
      };
    }
    if (Array.isArray(input)) return input.map((v) => this.value(v, depth + 1));
    if (ArrayBuffer.isView(input)) return `[${input.byteLength} bytes]`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(input)) {
      out[k] = SECRET_KEY.test(k) ? REDACTED : this.value(v, depth + 1);
    }
    return out;
  }
}
