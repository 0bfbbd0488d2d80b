import { z } from 'zod';

/**
 * Argon2id parameters as stored in a keyslot. Every slot read from disk is checked against the
 * policy's floor and cap before any work: a tampered header can neither weaken the derivation nor
 * make unlocking exhaust memory.
 */
export const KdfParams = z.object({
  alg: z.literal('argon2id13'),
  ops: z.number().int().positive(),
  mem: z.number().int().positive(),
  salt: z.string().regex(/^[A-Za-z0-9+/]{22}==$/, 'a 16-byte salt in base64'),
});
export type KdfParams = z.infer<typeof KdfParams>;

export interface KdfPolicy {
  /** Parameters for new slots. */
  readonly target: { ops: number; mem: number };
  readonly floor: { ops: number; mem: number };
  readonly cap: { ops: number; mem: number };
}

const MiB = 1024 * 1024;

/** libsodium's MODERATE (3 passes, 256 MiB) for new slots; never below it, never above 10 passes / 1 GiB. */
export const DEFAULT_KDF_POLICY: KdfPolicy = {
  target: { ops: 3, mem: 256 * MiB },
  floor: { ops: 3, mem: 256 * MiB },
  cap: { ops: 10, mem: 1024 * MiB },
};

export type KdfCheck = { ok: true } | { ok: false; reason: string };

export function checkKdf(params: KdfParams, policy: KdfPolicy): KdfCheck {
  const { floor, cap } = policy;
  if (params.ops < floor.ops || params.mem < floor.mem) {
    return {
      ok: false,
      reason: 'Key derivation parameters are below the minimum; the header may have been tampered with',
    };
  }
  if (params.ops > cap.ops || params.mem > cap.mem) {
    return { ok: false, reason: 'Key derivation parameters exceed the allowed maximum' };
  }
  return { ok: true };
}
