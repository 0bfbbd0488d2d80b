import type { Migration } from '../migration.js';
import { m0001Settings } from './0001-settings.js';
import { m0002VaultItems } from './0002-vault-items.js';

/** Every migration, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [m0001Settings, m0002VaultItems];
