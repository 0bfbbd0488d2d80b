import { createHash } from 'node:crypto';
import { createReadStream, realpathSync, statSync } from 'node:fs';

// What the model manager asks of files on this machine: sizes and real paths (null when a file is
// not there), and the sha256 of an import.

export function sizeOrNull(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    return null;
  }
}

export function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
