import type { ModelFileSource } from '../engine/protocol.js';
import type { GgufSummary } from './gguf.js';

/** What the engine needs to load a ready model. */
export interface LoadTarget {
  id: string;
  name: string;
  /** The file, or for a model kept in the vault a label (`vault:<item id>`): `file` gives the path then. */
  path: string;
  fileBytes: number;
  meta: GgufSummary | null;
  /** A model from the vault: decrypted for each load the engine makes (a reload after a crash too). */
  file?: ModelFileSource;
  /**
   * Removes what making the target decrypted, if no load took it (the loader calls it once the load
   * has settled, whatever its outcome).
   */
  release?(): void;
  /** The vault item a model from the vault is kept in (its licence is watched while it is loaded). */
  itemId?: string;
}
