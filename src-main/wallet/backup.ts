import { randomInt } from 'node:crypto';
import { SahelError } from '../../src-shared/errors.js';

const ASKED = 3;

/**
 * The backup check: three word positions picked at random, held here (not by the caller, who could
 * otherwise ask for the same easy word three times). A wrong answer drops the quiz, so the next try
 * asks other positions after the user has looked at the words again.
 */
export class BackupQuiz {
  private positions: number[] | undefined;

  ask(wordCount: number): number[] {
    const picked = new Set<number>();
    while (picked.size < ASKED) picked.add(randomInt(1, wordCount + 1));
    this.positions = [...picked].sort((a, b) => a - b);
    return [...this.positions];
  }

  /** Throws unless `answers` are exactly the asked positions with the right words. */
  check(words: string[], answers: { position: number; word: string }[]): void {
    const asked = this.positions;
    if (!asked) throw new SahelError('CONFLICT', 'Ask for the backup quiz first');
    const given = new Map(answers.map((a) => [a.position, a.word.normalize('NFKD').trim().toLowerCase()]));
    if (given.size !== asked.length || asked.some((p) => !given.has(p))) {
      throw new SahelError('BAD_INPUT', `Answer the asked positions: ${asked.join(', ')}`);
    }
    const wrong = asked.filter((p) => given.get(p) !== words[p - 1]);
    if (wrong.length > 0) {
      this.positions = undefined;
      throw new SahelError(
        'BAD_INPUT',
        `Word ${wrong.join(', ')} does not match: look at the words again, then take a new quiz`,
      );
    }
    this.positions = undefined;
  }

  reset(): void {
    this.positions = undefined;
  }
}
