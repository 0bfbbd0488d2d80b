import type { Readable } from 'node:stream';
import {
  AGENT_PACKAGE_MAX_BYTES,
  type PackageParse,
  parseAgentPackage,
} from '../../../src-shared/domain/agent-package.js';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { SahelError } from '../../../src-shared/errors.js';

/** What reading a package needs of the vault (VaultItems; LOCKED while the vault is locked). */
export interface PackageSource {
  openPlaintext(id: string): Promise<{ stream: Readable }>;
}

/**
 * An item offered with kind `agent` must be a valid agent package (`sahel-agent/1`): a buyer installs
 * it as a persona, so a seller cannot list something that is not one. Checked before anything is
 * sealed, written or sent; the error is the parser's sentence.
 */
export async function checkAgentPackage(items: PackageSource, item: VaultItem): Promise<void> {
  const parsed = await readAgentPackage(items, item);
  if (!parsed.ok)
    throw new SahelError('BAD_INPUT', `${item.name} cannot be published as an agent. ${parsed.problem}`);
}

/**
 * A vault item read as an agent package (publishing checks it; the agent installs it). Only a file or a
 * note of at most 64 KiB is read at all; the rest is refused with a sentence.
 */
export async function readAgentPackage(items: PackageSource, item: VaultItem): Promise<PackageParse> {
  if (item.kind !== 'file' && item.kind !== 'note')
    return { ok: false, problem: `An agent package is a JSON file; ${item.name} is a ${item.kind}.` };
  if (item.size > AGENT_PACKAGE_MAX_BYTES)
    return {
      ok: false,
      problem: `An agent package is at most ${AGENT_PACKAGE_MAX_BYTES / 1024} KiB; this item has ${item.size} bytes.`,
    };
  const { stream } = await items.openPlaintext(item.id);
  return parseAgentPackage(await readCapped(stream, AGENT_PACKAGE_MAX_BYTES + 1));
}

/** At most `max` bytes of a stream (then it is destroyed): enough to tell a too-large file. */
async function readCapped(stream: Readable, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      parts.push(b);
      size += b.length;
      if (size >= max) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, max);
}
