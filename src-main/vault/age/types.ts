import type { Stanza } from './header.js';

/** Something the file key can be wrapped to: each recipient contributes stanzas to the header. */
export interface Recipient {
  /** Stanza type this recipient writes; 'scrypt' must be the only recipient of a file. */
  readonly stanzaType: string;
  wrap(fileKey: Uint8Array): Promise<Stanza[]>;
}

/**
 * Something that can unwrap a file key from the header's stanzas. Resolves to the 16-byte file key,
 * to null when no stanza is addressed to it, and rejects with an AgeError when a stanza of its own
 * type is malformed (the spec requires aborting then, not trying the next stanza).
 */
export interface Identity {
  unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null>;
}
