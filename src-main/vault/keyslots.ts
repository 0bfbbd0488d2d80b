import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../platform/index.js';
import { open, seal } from './aead.js';
import type { DeviceKeyring } from './device-keyring.js';
import { VaultError } from './errors.js';
import { checkKdf, KdfParams, type KdfPolicy } from './kdf.js';

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

const PassphraseSlot = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,32}$/),
  type: z.literal('passphrase'),
  kdf: KdfParams,
  wrapped: b64,
});
const DeviceSlot = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,32}$/),
  type: z.literal('device'),
  backend: z.string().max(64),
  /** A random slot key, encrypted by the OS keychain. */
  key: b64,
  wrapped: b64,
});
export const KeyslotHeader = z.object({
  format: z.literal('sahel-vault'),
  version: z.literal(1),
  /** The vault's age recipient, so files can be encrypted to it with `age -r` while it is locked. */
  recipient: z.string().startsWith('age1'),
  slots: z
    .array(z.discriminatedUnion('type', [PassphraseSlot, DeviceSlot]))
    .min(1)
    .max(8),
  /**
   * sha256 of the rest (see `keyslotChecksum`): not a defence (anyone who can edit the file can
   * recompute it) but what tells a damaged file from a wrong passphrase, so damage is named as such
   * and costs no backoff. Files written before it existed have none; unlock adds it.
   */
  check: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type KeyslotHeader = z.infer<typeof KeyslotHeader>;
type PassphraseSlot = z.infer<typeof PassphraseSlot>;

/** Derives a slot key from a passphrase; runs Argon2id (on a worker thread, in the app). */
export type DeriveKey = (
  passphrase: Uint8Array,
  salt: Uint8Array,
  ops: number,
  mem: number,
) => Promise<Uint8Array>;

/**
 * LUKS-style keyslots: the vault secret is wrapped once per slot (a passphrase through Argon2id, or a
 * device key from the OS keychain). Each wrap's associated data names the format, the recipient and
 * the slot with its KDF parameters, so editing any of them in the file makes the slot fail to open.
 */
function slotAd(
  header: Pick<KeyslotHeader, 'recipient'>,
  slot: Omit<PassphraseSlot, 'wrapped'> | { id: string; type: 'device'; backend: string },
): string {
  return JSON.stringify(['sahel-vault/1', header.recipient, slot]);
}

export async function passphraseSlot(
  id: string,
  recipient: string,
  secret: Uint8Array,
  passphrase: Uint8Array,
  policy: KdfPolicy,
  derive: DeriveKey,
): Promise<PassphraseSlot> {
  const salt = randomBytes(16);
  const kdf: KdfParams = { alg: 'argon2id13', ...policy.target, salt: salt.toString('base64') };
  const key = await derive(passphrase, salt, kdf.ops, kdf.mem);
  try {
    const wrapped = seal(key, secret, slotAd({ recipient }, { id, type: 'passphrase', kdf }));
    return { id, type: 'passphrase', kdf, wrapped: wrapped.toString('base64') };
  } finally {
    key.fill(0);
  }
}

/** Tries each passphrase slot; the secret, or WRONG_PASSPHRASE. Out-of-policy slots are refused unread. */
export async function openWithPassphrase(
  header: KeyslotHeader,
  passphrase: Uint8Array,
  policy: KdfPolicy,
  derive: DeriveKey,
): Promise<Uint8Array> {
  const slots = header.slots.filter((s): s is PassphraseSlot => s.type === 'passphrase');
  for (const slot of slots) {
    const check = checkKdf(slot.kdf, policy);
    if (!check.ok) throw new VaultError('KDF_OUT_OF_BOUNDS', check.reason);
  }
  for (const slot of slots) {
    const { wrapped, ...rest } = slot;
    const key = await derive(passphrase, Buffer.from(slot.kdf.salt, 'base64'), slot.kdf.ops, slot.kdf.mem);
    try {
      const secret = open(key, Buffer.from(wrapped, 'base64'), slotAd(header, rest));
      if (secret) return secret;
    } finally {
      key.fill(0);
    }
  }
  throw new VaultError('WRONG_PASSPHRASE', 'Wrong passphrase');
}

type DeviceSlot = z.infer<typeof DeviceSlot>;

/** Wraps the secret under a random key that only the OS keychain can give back. */
export function deviceSlot(
  recipient: string,
  secret: Uint8Array,
  keyring: DeviceKeyring,
  backend: string,
): DeviceSlot {
  const key = randomBytes(32);
  try {
    const meta = { id: 'device-1', type: 'device' as const, backend };
    return {
      ...meta,
      key: Buffer.from(keyring.encrypt(key)).toString('base64'),
      wrapped: seal(key, secret, slotAd({ recipient }, meta)).toString('base64'),
    };
  } finally {
    key.fill(0);
  }
}

export function openWithDevice(header: KeyslotHeader, keyring: DeviceKeyring): Uint8Array {
  const slot = header.slots.find((s): s is DeviceSlot => s.type === 'device');
  if (!slot) throw new VaultError('DEVICE_KEY_UNAVAILABLE', 'This device is not set up to unlock the vault');
  let key: Uint8Array;
  try {
    key = keyring.decrypt(Buffer.from(slot.key, 'base64'));
  } catch {
    throw new VaultError('DEVICE_KEY_UNAVAILABLE', 'The system keychain did not release the key');
  }
  if (key.length !== 32)
    throw new VaultError('DEVICE_KEY_UNAVAILABLE', 'The system keychain gave back another key');
  try {
    const secret = open(
      key,
      Buffer.from(slot.wrapped, 'base64'),
      slotAd(header, { id: slot.id, type: 'device', backend: slot.backend }),
    );
    if (!secret) throw new VaultError('DEVICE_KEY_UNAVAILABLE', 'The device slot does not open this vault');
    return secret;
  } finally {
    key.fill(0);
  }
}

export const KEY_FILE_DAMAGED =
  "The vault's key file (vault/keyslots.json) is damaged: restore it from a backup of the data dir";

/** The checksum over everything in the file but itself, in the schema's key order. */
export function keyslotChecksum(header: KeyslotHeader): string {
  const { format, version, recipient, slots } = KeyslotHeader.parse(header);
  return createHash('sha256').update(JSON.stringify({ format, version, recipient, slots })).digest('hex');
}

export function readHeader(file: string): KeyslotHeader {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new VaultError('NOT_INITIALISED', 'No vault here yet');
    throw new VaultError('HEADER_INVALID', KEY_FILE_DAMAGED);
  }
  const parsed = KeyslotHeader.safeParse(json);
  if (!parsed.success) throw new VaultError('HEADER_INVALID', KEY_FILE_DAMAGED);
  if (parsed.data.check !== undefined && parsed.data.check !== keyslotChecksum(parsed.data))
    throw new VaultError('HEADER_INVALID', KEY_FILE_DAMAGED);
  return parsed.data;
}

export function writeHeader(file: string, header: KeyslotHeader): void {
  const check = keyslotChecksum(header);
  writeFileAtomic(file, `${JSON.stringify(KeyslotHeader.parse({ ...header, check }), null, 2)}\n`);
}
