import { z } from 'zod';
import { PublishedAsset, PublishInput, PublishPlan, PublishResult } from '../../domain/market-publish.js';
import { procedure } from '../define.js';
import { NoInput } from './app.js';

export const marketService = {
  // The publish side (issue 11). Publishing vault data is always two calls: the plan the user reviews,
  // then its confirmation; nothing goes on chain or to a host from the plan alone.
  publishPlan: procedure(
    PublishInput,
    PublishPlan,
    'Prepares publishing a vault item: encrypts it for hosting and returns every transaction (decoded, with fees), where the ciphertext will live and the metadata, for review.',
  ),
  publishConfirm: procedure(
    z.strictObject({ planId: z.string().min(1).max(64) }),
    PublishResult,
    'Runs a reviewed publish plan: checks uploaded copies, registers the asset and offers it; returns the asset and offer ids.',
  ),
  published: procedure(
    NoInput,
    z.object({ assets: z.array(PublishedAsset), hosting: z.object({ url: z.string().nullable() }) }),
    'What this Sahel published on the active network (including a version registered but not offered yet), and where its blob listener serves.',
  ),
} as const;
