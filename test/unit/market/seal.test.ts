import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hexToBytes } from 'viem';
import { describe, expect, it } from 'vitest';
import { openAssetKey, SEALED_KEY_MAX_BYTES, sealAssetKey } from '../../../src-main/market/deliver/seal.js';
import { formatIdentityFile } from '../../../src-main/vault/age/index.js';
import { X25519Identity } from '../../../src-main/vault/index.js';
import { AGE, haveAge } from '../../support/age-cli.js';
import { tempDir } from '../../support/tmp.js';

describe("an asset's key sealed to a licence", () => {
  it.skipIf(!haveAge)(
    'is an age file Debian age opens with the licence key, giving the asset identity',
    async () => {
      const asset = X25519Identity.generate();
      const licence = X25519Identity.generate();
      const sealed = hexToBytes(await sealAssetKey(asset, licence.recipient()));
      expect(sealed.length).toBeLessThan(SEALED_KEY_MAX_BYTES);
      const dir = tempDir();
      writeFileSync(join(dir, 'sealed.age'), sealed);
      writeFileSync(join(dir, 'licence.key'), formatIdentityFile(licence), { mode: 0o600 });
      const opened = execFileSync(AGE, ['-d', '-i', join(dir, 'licence.key'), join(dir, 'sealed.age')], {
        encoding: 'utf8',
      });
      expect(opened.trim()).toBe(asset.exportSecret());
      expect((await openAssetKey(sealed, licence)).exportSecret()).toBe(asset.exportSecret());
    },
  );

  it('does not open with another key', async () => {
    const sealed = hexToBytes(
      await sealAssetKey(X25519Identity.generate(), X25519Identity.generate().recipient()),
    );
    await expect(openAssetKey(sealed, X25519Identity.generate())).rejects.toThrow();
  });
});
