import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ElectronAvailability = { ok: true; binary: string } | { ok: false; reason: string };

/**
 * Whether the Electron window can open here: the npm package's binary must be on disk (Electron 45
 * fetches it on first use, from the internet) and, on Linux, a display must exist. Looking does not
 * download; `fetch` may try once when allowed.
 */
export function electronAvailability(opts: { fetch: boolean; env: NodeJS.ProcessEnv }): ElectronAvailability {
  if (process.platform === 'linux' && !opts.env.DISPLAY && !opts.env.WAYLAND_DISPLAY) {
    return { ok: false, reason: 'There is no display (neither DISPLAY nor WAYLAND_DISPLAY is set).' };
  }
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'The electron package is not installed.' };
  }
  let binary = installedBinary(pkgDir);
  if (!binary && opts.fetch) {
    process.stderr.write("Fetching Electron's binary (first start)…\n");
    spawnSync(process.execPath, [join(pkgDir, 'install.js')], { stdio: 'ignore', timeout: 5 * 60_000 });
    binary = installedBinary(pkgDir);
  }
  return binary
    ? { ok: true, binary }
    : {
        ok: false,
        reason:
          "Electron's binary is not installed (it is downloaded on first use, which needs the internet).",
      };
}

function installedBinary(pkgDir: string): string | undefined {
  const pathFile = join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}
