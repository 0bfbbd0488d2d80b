import { randomInt } from 'node:crypto';
import type { Conversation, Sampling } from '../../../src-shared/domain/chat.js';
import { SETTINGS_DEFAULTS } from '../../../src-shared/domain/settings.js';

/** The Settings keys that hold the defaults of every conversation's sampling. */
export interface SamplingDefaults {
  chatTemperature?: number | undefined;
  chatTopP?: number | undefined;
  chatMaxTokens?: number | undefined;
}

/** What one turn asks beyond the conversation's own sampling. */
export interface TurnSampling {
  maxTokens?: number | undefined;
  /** This seed for this reply only. */
  seed?: number | undefined;
  /** A new random seed even where the conversation fixes one (regenerate: the point is another reply). */
  freshSeed?: boolean | undefined;
}

const SEED_RANGE = 2 ** 32;

/**
 * The sampling of one reply: the turn's choices, then the conversation's, then Settings. A reply
 * always gets a concrete seed, recorded with it, so that any reply can be written again.
 */
export function resolveSampling(
  defaults: SamplingDefaults,
  conversation: Conversation,
  turn: TurnSampling,
  fallbackMaxTokens?: number,
): Sampling {
  const own = conversation.sampling ?? {};
  const seed = turn.seed ?? (turn.freshSeed || own.seed == null ? randomInt(SEED_RANGE) : own.seed);
  return {
    temperature: own.temperature ?? defaults.chatTemperature ?? SETTINGS_DEFAULTS.chatTemperature ?? 0,
    topP: own.topP ?? defaults.chatTopP ?? SETTINGS_DEFAULTS.chatTopP ?? 1,
    maxTokens:
      turn.maxTokens ??
      own.maxTokens ??
      defaults.chatMaxTokens ??
      fallbackMaxTokens ??
      SETTINGS_DEFAULTS.chatMaxTokens ??
      1024,
    seed,
  };
}
