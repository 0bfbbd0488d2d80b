import type {
  PublishedAsset,
  PublishInput,
  PublishPlan,
  PublishResult,
} from '../../src-shared/domain/market-publish.js';
import { client } from '../bridge.js';

/**
 * The publish side's calls, for the forms. Publishing vault data is always two calls: the plan the user
 * reviews, then its confirmation; nothing here confirms on its own.
 */
export const marketPublish = {
  plan: (input: PublishInput): Promise<PublishPlan> => client.market.publishPlan(input),
  confirm: (plan: Pick<PublishPlan, 'planId'>): Promise<PublishResult> =>
    client.market.publishConfirm({ planId: plan.planId }),
  published: (): Promise<{ assets: PublishedAsset[]; hosting: { url: string | null } }> =>
    client.market.published({}),
};
