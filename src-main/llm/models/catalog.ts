import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, type CatalogEntry } from '../../../src-shared/domain/models.js';
import { appRoot } from '../../platform/index.js';

export function catalogPath(root = appRoot()): string {
  return join(root, 'resources', 'models', 'catalog.json');
}

/** Reads and validates the bundled catalog; a broken one is a packaging bug, so it throws. */
export function loadCatalog(path = catalogPath()): CatalogEntry[] {
  return Catalog.parse(JSON.parse(readFileSync(path, 'utf8'))).models;
}
