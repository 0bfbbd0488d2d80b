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
      const bound = hosting.address();
      let url: string | null = null;
      if (bound) url = hosting.publicUrl();
      return { assets: await publisher.published(), hosting: { url } };
    },
  };
}
