import { Cron } from 'croner';
import { SahelError } from '../../../src-shared/errors.js';

/** The system's IANA time zone, the default of `--tz`. */
export function systemZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Checks an IANA zone name by asking Intl for it (croner would only fail on the first date it
 * converts). Throws BAD_INPUT with what to do.
 */
export function checkZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new SahelError(
      'BAD_INPUT',
      `"${tz.slice(0, 64)}" is not an IANA time zone: use a name like Europe/Berlin`,
    );
  }
}

function pattern(expr: string, tz: string): Cron {
  checkZone(tz);
  try {
    return new Cron(expr, { timezone: tz, paused: true });
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^CronPattern: /, '') : 'it cannot be read';
    throw new SahelError('BAD_INPUT', `The cron expression "${expr.slice(0, 120)}" is not valid: ${why}`);
  }
}

/**
 * The first moment strictly after `after` (ms) that the expression matches in `tz`, or null when it
 * never will again. Daylight-saving changes are croner's: a wall time that does not exist (02:30 on a
 * spring-forward night) runs at the first time after the gap; a wall time that occurs twice (the
 * autumn hour) runs once, at its first occurrence.
 */
export function cronNext(expr: string, tz: string, after: number): number | null {
  const next = pattern(expr, tz).nextRun(new Date(after));
  return next ? next.getTime() : null;
}

/** Throws BAD_INPUT unless the expression and zone are usable and the expression ever matches. */
export function checkCron(expr: string, tz: string, now: number): void {
  if (cronNext(expr, tz, now) === null) {
    throw new SahelError('BAD_INPUT', `The cron expression "${expr.slice(0, 120)}" never matches after now`);
  }
}
