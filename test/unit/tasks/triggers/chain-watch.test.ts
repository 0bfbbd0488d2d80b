import { describe, expect, it } from 'vitest';
import { notifyRunner, type TaskNotification } from '../../../../src-main/tasks/runners/notify.js';
import {
  type ChainReads,
  ChainWatch,
  type WatchedListing,
} from '../../../../src-main/tasks/triggers/chain-watch.js';
import type { ChainEvent } from '../../../../src-main/tasks/triggers/events.js';
import { tempDir } from '../../../support/tmp.js';
import { addTask, history, openRig } from '../fixture.js';

const TOKEN = '0x00000000000000000000000000000000000000aa';

const listing = (offerId: string, title: string, price = '5'): WatchedListing => ({
  offerId,
  assetId: `a${offerId}`,
  title,
  tags: ['medical'],
  price,
  token: TOKEN,
});

/** What the market and the chain answer now; a test changes it between rounds. */
function chain() {
  const now = {
    listings: [] as WatchedListing[],
    sales: [] as { licenseId: string; assetId: string }[],
    amounts: [] as { what: 'balance' | 'earnings'; token: string; amount: bigint }[],
    down: false,
  };
  const reads: ChainReads = {
    listings: async () => {
      if (now.down) throw new Error('rpc down');
      return [...now.listings];
    },
    sales: async () => [...now.sales],
    amounts: async () => now.amounts.map((a) => ({ ...a })),
  };
  return { now, reads };
}

describe('the chain watch (event triggers’ source)', () => {
  it('takes its first round as the baseline, then reports each new listing, sale and change of amount once', async () => {
    const c = chain();
    const errors: unknown[] = [];
    let wanted = false;
    const watch = new ChainWatch({
      reads: c.reads,
      intervalMs: 1_000,
      wanted: () => wanted,
      now: () => 7,
      onError: (e) => errors.push(e),
    });
    const seen: ChainEvent[] = [];
    const stop = watch.subscribe((e) => seen.push(e));
    c.now.listings = [listing('1', 'old scan')];
    c.now.sales = [{ licenseId: '9', assetId: 'a1' }];
    c.now.amounts = [{ what: 'earnings', token: TOKEN, amount: 50n }];
    // No task waits for an event: the chain is not read (a market that is down says nothing either).
    c.now.down = true;
    await watch.poll();
    expect(errors).toEqual([]);
    c.now.down = false;
    wanted = true;
    await watch.poll();
    expect(seen).toEqual([]);
    c.now.listings.push(listing('3', 'knee scan'), listing('2', 'brain scan'));
    c.now.sales.push({ licenseId: '10', assetId: 'a1' });
    c.now.amounts = [{ what: 'earnings', token: TOKEN, amount: 120n }];
    await watch.poll();
    expect(seen).toEqual([
      {
        kind: 'listing',
        at: 7,
        assetId: 'a2',
        title: 'brain scan',
        tags: ['medical'],
        price: '5',
        token: TOKEN,
      },
      {
        kind: 'listing',
        at: 7,
        assetId: 'a3',
        title: 'knee scan',
        tags: ['medical'],
        price: '5',
        token: TOKEN,
      },
      { kind: 'purchase', at: 7, assetId: 'a1' },
      { kind: 'amount', at: 7, what: 'earnings', token: TOKEN, amount: '120', previous: '50' },
    ]);
    // Nothing new: nothing reported. A market that does not answer does not stop the amounts.
    c.now.down = true;
    c.now.amounts = [{ what: 'earnings', token: TOKEN, amount: 130n }];
    await watch.poll();
    expect(seen).toHaveLength(5);
    expect(seen[4]).toMatchObject({ kind: 'amount', amount: '130', previous: '120' });
    expect(errors).toHaveLength(1);
    stop();
  });

  it('wakes the tasks whose filter matches, and a threshold only as it is crossed upwards', async () => {
    const c = chain();
    const watch = new ChainWatch({
      reads: c.reads,
      intervalMs: 1_000,
      wanted: () => true,
      now: () => 0,
      onError: () => {},
    });
    const sent: TaskNotification[] = [];
    const rig = await openRig(tempDir(), {
      runners: { notify: notifyRunner({ notify: (n) => sent.push(n) }) },
      events: watch,
    });
    rig.scheduler.start();
    const scans = addTask(rig, {
      type: 'event',
      filter: { kind: 'listing', words: ['brain'], maxPrice: '10' },
    });
    const rich = addTask(rig, {
      type: 'event',
      filter: { kind: 'threshold', what: 'balance', token: 'native', atLeast: '100' },
    });
    c.now.amounts = [{ what: 'balance', token: 'native', amount: 90n }];
    await watch.poll();
    c.now.listings = [
      listing('1', 'brain scan'),
      listing('2', 'knee scan'),
      listing('3', 'brain atlas', '11'),
    ];
    c.now.amounts = [{ what: 'balance', token: 'native', amount: 150n }];
    await watch.poll();
    c.now.amounts = [{ what: 'balance', token: 'native', amount: 160n }];
    await watch.poll();
    await rig.clock.advance(0);
    // One listing matches (brain, at most 10); the balance crossed 100 once (150), not again at 160.
    expect(history(rig, scans.id)).toEqual(['succeeded@1']);
    expect(history(rig, rich.id)).toEqual(['succeeded@1']);
    expect(sent).toHaveLength(2);
    rig.close();
  });
});
