import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogPath, loadCatalog } from '../../../../src-main/llm/models/catalog.js';
import { hfUrl, idFromFileName, resolvePull } from '../../../../src-main/llm/models/sources.js';
import { Catalog } from '../../../../src-shared/domain/models.js';

describe('the model catalog', () => {
  it('validates against its schema, with several sizes of tool-calling instruct models', () => {
    const all = loadCatalog();
    const models = all.filter((m) => (m.purpose ?? 'chat') === 'chat');
    expect(models.length).toBeGreaterThanOrEqual(6);
    expect(models.every((m) => m.toolCalling)).toBe(true);
    const params = new Set(models.map((m) => Number.parseFloat(m.parameters)));
    expect(Math.min(...params)).toBeLessThanOrEqual(1);
    expect(Math.max(...params)).toBeGreaterThanOrEqual(7);
    for (const m of models) {
      expect(m.ramBytes).toBeGreaterThan(m.sizeBytes);
      expect(hfUrl(m.uri)).toMatch(/^https:\/\/huggingface\.co\/[\w.-]+\/[\w.-]+\/resolve\/main\/.+\.gguf$/);
    }
  });

  it('refuses an entry that claims a sha256 check without a hash, or duplicate ids', () => {
    const raw = JSON.parse(readFileSync(catalogPath(), 'utf8'));
    const first = raw.models[0];
    expect(
      Catalog.safeParse({ ...raw, models: [{ ...first, sha256: null, verify: 'sha256' }] }).success,
    ).toBe(false);
    expect(Catalog.safeParse({ ...raw, models: [first, first] }).success).toBe(false);
    expect(Catalog.safeParse({ ...raw, models: [{ ...first, uri: 'https://x/y.gguf' }] }).success).toBe(
      false,
    );
    expect(
      Catalog.safeParse({ ...raw, models: [{ ...first, sha256: 'AB'.repeat(32), verify: 'sha256' }] })
        .success,
    ).toBe(false);
  });

  it('offers embedding models, and pins sizes and hashes only with where they were read', () => {
    const all = loadCatalog();
    const embedding = all.filter((m) => m.purpose === 'embedding');
    expect(embedding.map((m) => m.id)).toEqual(['nomic-embed-text-v1.5-q8_0', 'bge-small-en-v1.5-q8_0']);
    expect(embedding.every((m) => !m.toolCalling && m.verify === 'sha256')).toBe(true);
    const pinned = all.filter((m) => m.sha256 !== null);
    expect(pinned.length).toBeGreaterThanOrEqual(9);
    for (const m of pinned) {
      // The source names the repository of the entry's own hf: URI, so a hash is never borrowed from a mirror.
      const repo = m.uri.slice(3).split('/').slice(0, 2).join('/');
      expect(m.source).toContain(`${repo}@`);
    }
    const raw = JSON.parse(readFileSync(catalogPath(), 'utf8'));
    const { source: _dropped, ...unsourced } = raw.models.find((m: { sha256: unknown }) => m.sha256);
    expect(Catalog.safeParse({ ...raw, models: [unsourced] }).success).toBe(false);
  });
});

describe('model sources', () => {
  it('resolves hf: URIs against an endpoint, and URLs and catalog ids to model ids', () => {
    expect(hfUrl('hf:Qwen/Qwen3-4B-GGUF/Qwen3-4B-Q4_K_M.gguf', 'http://127.0.0.1:5/')).toBe(
      'http://127.0.0.1:5/Qwen/Qwen3-4B-GGUF/resolve/main/Qwen3-4B-Q4_K_M.gguf',
    );
    expect(hfUrl('hf:a/b/sub/dir/m.gguf')).toBe('https://huggingface.co/a/b/resolve/main/sub/dir/m.gguf');
    expect(idFromFileName('/x/Qwen3 4B (Q4_K_M).GGUF')).toBe('qwen3-4b-q4_k_m-');
    expect(resolvePull('https://example.com/a/My%20Model.gguf', [])).toMatchObject({
      id: 'my-model',
      url: 'https://example.com/a/My%20Model.gguf',
      catalog: null,
    });
    const catalog = loadCatalog();
    expect(resolvePull(catalog[0]!.id, catalog).catalog?.id).toBe(catalog[0]!.id);
  });

  it('refuses paths that climb out of the repository and non-http schemes', () => {
    expect(() => hfUrl('hf:a/b/../../etc/passwd.gguf')).toThrow(/hf:owner/);
    expect(() => hfUrl('hf:../b/x.gguf')).toThrow(/hf:owner/);
    expect(() => resolvePull('ftp://example.com/m.gguf', [])).toThrow(/http/);
    expect(() => resolvePull('hf:a/b', [])).toThrow(/hf:owner/);
  });
});
