/**
 * A small passphrase strength estimate, in the spirit of zxcvbn without its dictionaries: the
 * passphrase is cut into the patterns a guesser tries first (common passwords, keyboard and alphabet
 * runs, repeats, word-like letter runs) and the rest is counted as random characters. The result is a
 * rough number of bits, a score from 0 to 4, and advice in plain language.
 */

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export interface Strength {
  /** Rough entropy in bits. */
  bits: number;
  score: StrengthScore;
  /** One or two words: "Very weak" … "Very strong". */
  label: string;
  /** What it means, and what would make it better. */
  advice: string;
}

/** The most common passwords and password bases, most common first (rank matters a little). */
const COMMON = [
  'password',
  '123456',
  '123456789',
  'qwerty',
  '12345678',
  '111111',
  '1234567890',
  '1234567',
  'abc123',
  'password1',
  'iloveyou',
  '000000',
  'qwerty123',
  'admin',
  'welcome',
  'monkey',
  'dragon',
  'letmein',
  'football',
  'baseball',
  'sunshine',
  'master',
  'shadow',
  'princess',
  'trustno1',
  'superman',
  'batman',
  'starwars',
  'whatever',
  'qazwsx',
  '1q2w3e4r',
  'zaq12wsx',
  'passw0rd',
  'hello',
  'freedom',
  'secret',
  'login',
  'ninja',
  'mustang',
  'access',
  'michael',
  'jennifer',
  'jordan',
  'hunter',
  'hunter2',
  'charlie',
  'donald',
  'loveme',
  'flower',
  'lovely',
  'google',
  'computer',
  'killer',
  'pepper',
  'ginger',
  'soccer',
  'hockey',
  'ranger',
  'harley',
  'thomas',
  'robert',
  'daniel',
  'andrew',
  'joshua',
  'buster',
  'tigger',
  'summer',
  'winter',
  'cheese',
  'chocolate',
  'cookie',
  'banana',
  'orange',
  'purple',
  'matrix',
  'internet',
  'samsung',
  'apple',
  'pokemon',
  'naruto',
  'liverpool',
  'chelsea',
  'arsenal',
  'london',
  'love',
  'family',
  'friends',
  'forever',
  'angel',
  'baby',
  'money',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  'changeme',
  'default',
  'test',
  'guest',
  'root',
  'user',
  'pass',
  'sahel',
  'vault',
  'passphrase',
  'mypassword',
  'correcthorsebatterystaple',
];

const COMMON_RANK = new Map(COMMON.map((w, i) => [w, i + 1]));
const LONGEST_COMMON = Math.max(...COMMON.map((w) => w.length));

/** Rows a guesser walks along; a run of 3+ along one (either way) is cheap to guess. */
const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890',
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
];

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};

function unleet(s: string): string {
  return s
    .toLowerCase()
    .split('')
    .map((c) => LEET[c] ?? c)
    .join('');
}

function log2(n: number): number {
  return Math.log2(Math.max(1, n));
}

type CharClass = 'lower' | 'upper' | 'digit' | 'space' | 'symbol' | 'other';

function charClass(c: string): CharClass {
  if (c >= 'a' && c <= 'z') return 'lower';
  if (c >= 'A' && c <= 'Z') return 'upper';
  if (c >= '0' && c <= '9') return 'digit';
  if (c === ' ') return 'space';
  if (c.charCodeAt(0) < 128) return 'symbol';
  return 'other';
}

const POOL: Record<CharClass, number> = { lower: 26, upper: 26, digit: 10, space: 1, symbol: 33, other: 100 };

/** Length of a run from `i` along one of SEQUENCES (forwards or backwards), case-insensitive. */
function sequenceRun(s: string, i: number): number {
  let best = 0;
  const lower = s.toLowerCase();
  for (const row of SEQUENCES) {
    for (const r of [row, [...row].reverse().join('')]) {
      let k = r.indexOf(lower[i] ?? '');
      if (k < 0) continue;
      let n = 1;
      while (i + n < lower.length && k + 1 < r.length && r[k + 1] === lower[i + n]) {
        k++;
        n++;
      }
      best = Math.max(best, n);
    }
  }
  return best;
}

/** The longest common password starting at `i` (after undoing leetspeak), with its rank. */
function commonAt(s: string, i: number): { length: number; rank: number } | null {
  const normal = unleet(s.slice(i, i + LONGEST_COMMON));
  for (let len = normal.length; len >= 4; len--) {
    const rank = COMMON_RANK.get(normal.slice(0, len));
    if (rank !== undefined) return { length: len, rank };
  }
  return null;
}

/** Whether a run of letters reads like a word (vowels and consonants mixed as in natural language). */
function wordLike(run: string): boolean {
  if (run.length < 3) return false;
  const lower = run.toLowerCase();
  const vowels = (lower.match(/[aeiouy]/g) ?? []).length;
  const ratio = vowels / lower.length;
  return ratio >= 0.2 && ratio <= 0.65 && !/[^aeiouy]{5,}/.test(lower);
}

/** Bits for a run of characters no pattern explained. */
function literalBits(run: string): number {
  let bits = 0;
  for (const m of run.matchAll(/[a-zA-Z]+|[0-9]+|[^a-zA-Z0-9]+/g)) {
    const part = m[0];
    const first = part[0] ?? '';
    const cls = charClass(first);
    if (cls === 'lower' || cls === 'upper') {
      const hasUpper = /[A-Z]/.test(part);
      const hasLower = /[a-z]/.test(part);
      const random = part.length * log2(hasUpper && hasLower ? 52 : 26);
      if (wordLike(part)) {
        // A word from a large dictionary is worth roughly 11–20 bits, not 4.7 per letter.
        const capitalised = /^[A-Z][a-z]+$/.test(part);
        const caseBits = !hasUpper || capitalised ? (capitalised ? 1 : 0) : part.length;
        bits += Math.min(random, 6 + 1.6 * part.length + caseBits);
      } else {
        bits += random;
      }
    } else if (cls === 'space') {
      // Separators between words: a guesser tries a handful of them.
      bits += 1;
    } else {
      let pool = 0;
      for (const c of new Set(part)) pool = Math.max(pool, POOL[charClass(c)]);
      bits += part.length * log2(pool);
    }
  }
  return bits;
}

/** The passphrase without separators and without a trailing number or symbol, leetspeak undone. */
function commonCore(s: string): string {
  return unleet(s)
    .replace(/[\s\-_.]+/g, '')
    .replace(/[\d\W_]+$/, '');
}

function estimateBits(s: string): number {
  // The whole thing is a common password, maybe with a number or symbol tacked on.
  const core = commonCore(s);
  const whole = COMMON_RANK.get(core) ?? COMMON_RANK.get(unleet(s).replace(/[\s\-_.]+/g, ''));
  if (whole !== undefined) {
    const tail = /[\d\W_]+$/.exec(s)?.[0].length ?? 0;
    return log2(whole) + 1 + tail * 2.5;
  }

  let bits = 0;
  let literal = '';
  let tokens = 0;
  const flush = () => {
    if (literal) {
      bits += literalBits(literal);
      tokens++;
      literal = '';
    }
  };

  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? '';
    // A character repeated three or more times.
    let rep = 1;
    while (s[i + rep] === c) rep++;
    if (rep >= 3) {
      flush();
      bits += log2(POOL[charClass(c)]) + log2(rep);
      tokens++;
      i += rep;
      continue;
    }
    // A stretch repeated from earlier in the passphrase ("catcat", "abab12ab").
    let again = 0;
    for (let len = Math.min(s.length - i, i); len >= 3; len--) {
      if (s.slice(0, i).includes(s.slice(i, i + len))) {
        again = len;
        break;
      }
    }
    const common = commonAt(s, i);
    const seq = sequenceRun(s, i);
    const best = Math.max(again, common?.length ?? 0, seq >= 3 ? seq : 0);
    if (best >= 3) {
      flush();
      tokens++;
      if (common && common.length === best) bits += log2(common.rank) + 2;
      else if (seq === best) bits += 3 + log2(seq);
      else bits += 2 + log2(again);
      i += best;
      continue;
    }
    literal += c;
    i++;
  }
  flush();
  // A guesser also has to find how the pieces were put together.
  return bits + Math.max(0, tokens - 1);
}

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

/** Bits at which each score starts. */
const THRESHOLDS = [0, 28, 45, 60, 80];

export function estimateStrength(passphrase: string): Strength {
  if (!passphrase) return { bits: 0, score: 0, label: '', advice: '' };
  const bits = Math.round(estimateBits(passphrase));
  let score: StrengthScore = 0;
  for (let s = 4; s > 0; s--) {
    if (bits >= (THRESHOLDS[s] ?? Infinity)) {
      score = s as StrengthScore;
      break;
    }
  }
  return { bits, score, label: LABELS[score], advice: advice(passphrase, score) };
}

function advice(s: string, score: StrengthScore): string {
  if (COMMON_RANK.has(commonCore(s)))
    return 'This is one of the most common passwords: it would be guessed first.';
  const words = s
    .trim()
    .split(/[\s\-_.]+/)
    .filter(Boolean).length;
  switch (score) {
    case 0:
      return 'Could be guessed in minutes. Use four or more unrelated words.';
    case 1:
      return words >= 2
        ? 'Could be guessed in days. Add two more unrelated words.'
        : 'Could be guessed in days. Use several unrelated words rather than one word with symbols.';
    case 2:
      return 'Would hold against a casual attacker. Another word or two would make it strong.';
    case 3:
      return 'Would take a determined attacker centuries to guess.';
    default:
      return 'Far beyond what anyone could guess.';
  }
}

/** The weakest score a new passphrase may have. */
export const MIN_SCORE: StrengthScore = 2;

/**
 * The one rule for a new passphrase, wherever it is chosen (the app's form, the CLI, the API, which
 * the owner enforces): null when it will do, else why not and what would.
 */
export function weakPassphraseReason(passphrase: string): string | null {
  const strength = estimateStrength(passphrase);
  if (strength.score >= MIN_SCORE) return null;
  return `This passphrase is too weak (${strength.label.toLowerCase()}): ${strength.advice}`;
}
