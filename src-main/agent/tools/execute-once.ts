import type { ValueMove } from '../../../src-shared/domain/agent.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { ActionProposal } from '../ports.js';
import { assertWithin, expired } from './moves.js';

/** A prepared action as its confirmation needs it: the review's or plan's id, its expiry, its moves. */
export interface Prepared {
  id: string;
  expiresAt: string;
  moves: ValueMove[];
}

/**
 * An act's `execute`: at most once; a review or plan that expired while the user decided is prepared
 * again (`again`) and refused (CONFLICT) if it would move more than what was decided on; then
 * confirmed through the gated ports, as the origin the gate's grant names (the guard holds every
 * transaction to that grant).
 */
export function executeOnce(o: {
  first: Prepared;
  now: () => number;
  again: () => Promise<Prepared>;
  confirm: (id: string) => Promise<string>;
}): ActionProposal['execute'] {
  let used = false;
  return async () => {
    if (used) throw new SahelError('CONFLICT', 'This action was done already.');
    used = true;
    let id = o.first.id;
    if (expired(o.first.expiresAt, o.now())) {
      const fresh = await o.again();
      assertWithin(fresh.moves, o.first.moves);
      id = fresh.id;
    }
    return o.confirm(id);
  };
}
