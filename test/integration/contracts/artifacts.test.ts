import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './harness.js';

interface CompileModule {
  SHIPPED: string[];
  buildArtifacts(): Record<string, string>;
  diffArtifacts(files: Record<string, string>): string[];
}

// A computed specifier keeps tsc from resolving the untyped .mjs; its shape is asserted below.
const scriptPath = join(ROOT, 'scripts', 'compile-contracts.mjs');

describe('contract artifacts', () => {
  let mod: CompileModule;
  let files: Record<string, string>;

  beforeAll(async () => {
    mod = (await import(scriptPath)) as CompileModule;
    files = mod.buildArtifacts();
  }, 120_000);

  it('recompiling contracts/*.sol gives exactly the committed resources/contracts/*.json', () => {
    expect(Object.keys(files).sort()).toEqual(['AssetRegistry', 'Marketplace', 'PaymentToken']);
    expect(mod.diffArtifacts(files)).toEqual([]);
    for (const [name, text] of Object.entries(files)) {
      expect(readFileSync(join(ROOT, 'resources', 'contracts', `${name}.json`), 'utf8')).toBe(text);
    }
  });

  it('artifacts carry abi, bytecode, compiler version and the source hash', () => {
    for (const text of Object.values(files)) {
      const a = JSON.parse(text) as Record<string, unknown>;
      expect(Object.keys(a)).toEqual([
        'contractName',
        'abi',
        'bytecode',
        'deployedBytecode',
        'solcVersion',
        'sourceHash',
      ]);
      expect(a.bytecode).toMatch(/^0x[0-9a-f]{200,}$/);
      expect(a.deployedBytecode).toMatch(/^0x[0-9a-f]{200,}$/);
      expect(a.solcVersion).toMatch(/^0\.8\.37\+commit\./);
      expect(a.sourceHash).toMatch(/^0x[0-9a-f]{64}$/);
      expect(text.endsWith('}\n')).toBe(true);
    }
  });

  it('the check reports an artifact that differs from a fresh compile', () => {
    const stale = { ...files, Marketplace: files.Marketplace!.replace('"deliverKey"', '"deliverKeyX"') };
    expect(stale.Marketplace).not.toBe(files.Marketplace);
    expect(mod.diffArtifacts(stale)).toEqual(['resources/contracts/Marketplace.json']);
  });
});
