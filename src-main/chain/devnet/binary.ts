import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { SahelError } from '../../../src-shared/errors.js';
import { appRoot } from '../../platform/index.js';

/** Foundry publishes anvil to npm once per platform; the app ships the one for its own (optionalDependencies). */
const PACKAGES: Readonly<Record<string, string>> = {
  'linux-x64': '@foundry-rs/anvil-linux-amd64',
  'linux-arm64': '@foundry-rs/anvil-linux-arm64',
  'darwin-x64': '@foundry-rs/anvil-darwin-amd64',
  'darwin-arm64': '@foundry-rs/anvil-darwin-arm64',
  'win32-x64': '@foundry-rs/anvil-win32-amd64',
};

export function anvilPackage(platform: string = process.platform, arch: string = process.arch): string {
  const pkg = PACKAGES[`${platform}-${arch}`];
  if (!pkg) {
    throw new SahelError(
      'UNAVAILABLE',
      `There is no embedded devnet for ${platform}-${arch}; add a network by RPC URL instead (sahel network add)`,
    );
  }
  return pkg;
}

/**
 * The anvil binary inside the installed npm package. Never downloaded at run time: a missing package
 * is a clear UNAVAILABLE. In the packaged app the binary lives in app.asar.unpacked (an executable
 * cannot run from inside the archive).
 */
export function anvilBinary(
  root: string = appRoot(),
  platform: string = process.platform,
  arch: string = process.arch,
): string {
  const pkg = anvilPackage(platform, arch);
  const exe = platform === 'win32' ? 'anvil.exe' : 'anvil';
  const path = join(root, 'node_modules', ...pkg.split('/'), 'bin', exe).replace(
    `${sep}app.asar${sep}`,
    `${sep}app.asar.unpacked${sep}`,
  );
  if (!existsSync(path)) {
    throw new SahelError(
      'UNAVAILABLE',
      `The devnet node (${pkg}) is not installed; reinstall Sahel, or add a network by RPC URL instead`,
    );
  }
  return path;
}
