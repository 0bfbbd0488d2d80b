import type { z } from 'zod';
import { SahelError } from '../../../src-shared/errors.js';
import type { Vault } from '../../vault/index.js';

export type RecordVault = Pick<Vault, 'sealRecord' | 'openRecord' | 'isUnlocked'>;

/**
 * JSON sealed with the vault's record key, bound to its kind and row id. Throws the vault's LOCKED
 * while it is locked; a body that fails authentication or its schema is CORRUPT.
 */
export class Sealer {
  constructor(private readonly vault: RecordVault) {}

  get unlocked(): boolean {
    return this.vault.isUnlocked;
  }

  seal(kind: string, id: string, value: unknown): Buffer {
    return this.vault.sealRecord(kind, id, Buffer.from(JSON.stringify(value), 'utf8'));
  }

  open<S extends z.ZodType>(kind: string, id: string, body: Uint8Array, schema: S): z.output<S> {
    const plain = this.vault.openRecord(kind, id, body);
    let raw: unknown;
    try {
      raw = JSON.parse(plain.toString('utf8'));
    } catch {
      raw = undefined;
    } finally {
      plain.fill(0);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new SahelError('CORRUPT', `A stored ${kind} record is damaged`);
    return parsed.data;
  }

  /**
   * Like `open`, but a damaged record gives null (LOCKED still throws), so that one bad row is left
   * aside, untouched on disk, instead of making everything beside it unreadable.
   */
  openOrSkip<S extends z.ZodType>(kind: string, id: string, body: Uint8Array, schema: S): z.output<S> | null {
    try {
      return this.open(kind, id, body, schema);
    } catch (err) {
      if ((err as { code?: unknown }).code === 'CORRUPT') return null;
      throw err;
    }
  }
}
