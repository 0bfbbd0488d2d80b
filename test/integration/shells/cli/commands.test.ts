import { describe, expect, it } from 'vitest';
import pkg from '../../../../package.json' with { type: 'json' };
import { runCli } from '../../../support/cli.js';
import { startServe } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';

describe('sahel command line conventions', () => {
  it('prints help and version with exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const cmd of ['serve', 'start', 'status']) expect(help.stdout).toContain(cmd);
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('exits 2 on usage errors with a hint', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect((await runCli(['serve', '--port', 'eighty'])).code).toBe(2);
    expect((await runCli(['serve', '--port', '70000'])).code).toBe(2);
    expect((await runCli(['serve', '--host', '0.0.0.0'])).code).toBe(2);
    expect((await runCli(['status', '--bogus'])).code).toBe(2);
  });

  it('resolves the data dir from --data-dir, then SAHEL_HOME', async () => {
    const a = tempDir();
    const b = tempDir();
    expect(JSON.parse((await runCli(['--json', 'status'], { env: { SAHEL_HOME: a } })).stdout).dataDir).toBe(
      a,
    );
    expect(
      JSON.parse((await runCli(['--json', 'status', '--data-dir', b], { env: { SAHEL_HOME: a } })).stdout)
        .dataDir,
    ).toBe(b);
  });

  it('npm start falls back to the headless server where Electron cannot run, and says why', async () => {
    const served = await startServe(tempDir(), ['--no-fetch-electron'], 'start');
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
      const res = await fetch(`${served.base}/`, { headers: { authorization: `Bearer ${served.token}` } });
      expect(res.status).toBe(200);
      expect(served.stderr()).toContain('The desktop window cannot open');
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });
});
