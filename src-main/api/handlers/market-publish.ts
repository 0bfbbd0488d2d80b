import type { marketService } from '../../../src-shared/api/services/market.js';
import type { PeerHosting, Publisher } from '../../market/index.js';
import type { ServiceHandlers } from '../handlers.js';

type PublishProcedures = Pick<typeof marketService, 'publishPlan' | 'publishConfirm' | 'published'>;

/** The market's publish side. `publishConfirm` is the user's confirmation of a plan they were shown. */
export function marketPublishHandlers(
  publisher: Publisher,
  hosting: PeerHosting,
): ServiceHandlers<PublishProcedures> {
  return {
    publishPlan: (input) => publisher.plan(input),
    publishConfirm: ({ planId }) => publisher.confirm(planId),
    published: async () => {
      let url: string | null = null;
      try {
        if (hosting.address()) url = hosting.publicUrl();
      } catch {
        // Bound to every address with no public URL set: it serves, but has no one address to give.
      }
      return { assets: await publisher.published(), hosting: { url } };
    },
  };
}
