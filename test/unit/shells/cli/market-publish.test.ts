import { describe, expect, it } from 'vitest';
import { type PublishFlags, publishInput } from '../../../../src-main/shells/cli/commands/market-publish.js';
import { UsageError } from '../../../../src-main/shells/cli/output.js';
import { PublishInput } from '../../../../src-shared/domain/market-publish.js';

const ADDR = `0x${'ab'.repeat(20)}`;
const flags = (f: Partial<PublishFlags> = {}): PublishFlags => ({
  price: '25',
  contributor: [],
  parent: [],
  host: [],
  derivatives: true,
  ...f,
});

describe('sahel market publish flags', () => {
  it('become the publishPlan input the contract accepts', () => {
    const input = publishInput(
      'item1',
      flags({
        duration: '30d',
        seats: '3',
        contributor: [`${ADDR}:6000`, `${ADDR.replace('ab', 'cd')}:4000`],
        parent: ['7:500'],
        host: ['url:https://example.org/x.age', 'peer'],
        commercial: true,
        derivatives: false,
        kind: 'model',
      }),
    );
    expect(input).toMatchObject({
      itemId: 'item1',
      durationSeconds: 30 * 86_400,
      seats: 3,
      contributors: [
        { address: ADDR, bps: 6000 },
        { address: ADDR.replace('ab', 'cd'), bps: 4000 },
      ],
      parents: [{ assetId: '7', bps: 500 }],
      hosts: [{ kind: 'url', url: 'https://example.org/x.age' }, { kind: 'peer' }],
      commercialUse: true,
      derivativesAllowed: false,
      kind: 'model',
    });
    expect(PublishInput.safeParse(input).success).toBe(true);
    expect(publishInput('i', flags())).toMatchObject({
      durationSeconds: 0,
      seats: 0,
      hosts: [{ kind: 'peer' }],
    });
    expect(publishInput('i', flags())).not.toHaveProperty('contributors');
  });

  it('refuses malformed flags as usage errors naming the flag', () => {
    const bad: [Partial<PublishFlags>, RegExp][] = [
      [{ duration: '3 days' }, /--duration/],
      [{ duration: '0d' }, /--duration/],
      [{ seats: '-1' }, /--seats/],
      [{ seats: '1.5' }, /--seats/],
      [{ contributor: [ADDR] }, /--contributor/],
      [{ contributor: [`${ADDR}:0`] }, /--contributor/],
      [{ contributor: [`${ADDR}:10001`] }, /--contributor/],
      [{ parent: [':500'] }, /--parent/],
      [{ host: ['ftp://x'] }, /--host/],
      [{ kind: 'movie' }, /--kind/],
    ];
    for (const [f, text] of bad) {
      expect(() => publishInput('i', flags(f))).toThrow(UsageError);
      expect(() => publishInput('i', flags(f))).toThrow(text);
    }
  });
});
