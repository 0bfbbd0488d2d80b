import { describe, expect, it } from 'vitest';
import { modelTable } from '../../../../src-main/shells/cli/commands/models.js';
import {
  adaptersTable,
  adaptersText,
  collectAdapter,
} from '../../../../src-main/shells/cli/commands/models-adapters.js';
import type { EngineStatus } from '../../../../src-shared/domain/models.js';

describe('sahel models use --adapter', () => {
  it('collects <item-id>[:scale] in order, scale 1 by default', () => {
    const one = collectAdapter('abc123');
    expect(one).toEqual([{ itemId: 'abc123', scale: 1 }]);
    expect(collectAdapter('def:0.25', one)).toEqual([
      { itemId: 'abc123', scale: 1 },
      { itemId: 'def', scale: 0.25 },
    ]);
    expect(collectAdapter('x:0')).toEqual([{ itemId: 'x', scale: 0 }]);
  });

  it('refuses a scale that is not a number from 0 to 8, and an empty id, as usage errors', () => {
    for (const bad of ['a:lots', 'a:', 'a:-1', 'a:9', ':1', '']) {
      expect(() => collectAdapter(bad), bad).toThrow(/--adapter takes <vault-item-id>\[:scale\]/);
    }
  });

  it('names the applied adapters in the status line, and nothing without them', () => {
    const status = (adapters: { itemId: string; name: string; scale: number }[]): EngineStatus => ({
      state: 'ready',
      model: {
        id: 'm',
        name: 'M',
        path: '/m.gguf',
        gpuLayers: 0,
        contextSize: 512,
        threads: 2,
        sizeBytes: 1,
        adapters,
        sequences: 4,
      },
      loading: null,
      backend: 'cpu',
      error: null,
      gpuFallback: null,
    });
    expect(adaptersText(status([]))).toBe('');
    expect(adaptersText(status([{ itemId: 'i1', name: 'style.gguf', scale: 0.5 }]))).toBe(
      ' LoRA: style.gguf (i1) ×0.5.',
    );
  });
});

describe('sahel models adapters and list, for bought items', () => {
  it('labels an adapter whose licence ended with the day, and the others usable', () => {
    const text = adaptersTable([
      { itemId: 'i1', name: 'mine.gguf', size: 10, model: null, licenceExpired: null },
      {
        itemId: 'i2',
        name: 'bought.gguf',
        size: 10,
        model: null,
        licenceExpired: '2026-12-08T12:00:00.000Z',
      },
    ]);
    const line = (id: string) => text.split('\n').find((l) => l.startsWith(id)) ?? '';
    expect(line('i1')).toMatch(/usable$/);
    expect(line('i2')).toMatch(/licence expired 2026-12-08$/);
  });

  it('shows a model kept in the vault by its source, and its ended licence as its state', () => {
    const text = modelTable([
      {
        id: 'vault-ab12',
        name: 'Tiny',
        source: 'vault',
        catalogId: null,
        url: null,
        path: 'vault:ab12',
        owned: false,
        state: 'ready',
        bytes: 1,
        sizeBytes: 1,
        sha256: null,
        error: null,
        architecture: null,
        contextLength: null,
        loaded: false,
        created: '2026-12-07T00:00:00.000Z',
        purpose: 'chat',
        embedding: false,
        licenceExpired: '2026-12-08T12:00:00.000Z',
      },
    ]);
    expect(text.split('\n')[1]).toMatch(/^vault-ab12\s+licence expired 2026-12-08\s+.*\svault\s+Tiny$/);
  });
});
