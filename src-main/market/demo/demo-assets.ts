import { createHash } from 'node:crypto';
import { type Hex, parseEther } from 'viem';
import type { AssetKind } from '../../../src-shared/domain/asset-metadata.js';
import { X25519Identity } from '../../vault/index.js';
import { grantPrompt, summariserAgent, weatherSample, yieldModel } from './demo-content.js';

/** A demo asset the devnet starts with: registered, offered and delivered by the demo seller (dev account 1). */
export interface DemoAsset {
  kind: AssetKind;
  title: string;
  description: string;
  content: { format: string; name: string; bytes: () => Buffer };
  /** Share of each contributor in basis points; the seller is the first, dev accounts 2 and 3 after it. */
  contributorBps: readonly number[];
  /** Index (in DEMO_ASSETS) of the asset it derives from, and that parent's royalty. */
  parent?: { index: number; bps: number };
  price: bigint;
}

const SYNTHETIC = 'Synthetic demo data of the Sahel devnet, for trying the marketplace.';

export const DEMO_ASSETS: readonly DemoAsset[] = [
  {
    kind: 'dataset',
    title: 'Sahel weather stations, one-day sample',
    description: `Hourly readings of five weather stations over one day, as CSV. ${SYNTHETIC}`,
    content: { format: 'text/csv', name: 'sahel-weather-sample.csv', bytes: weatherSample },
    contributorBps: [6_000, 4_000],
    price: parseEther('25'),
  },
  {
    kind: 'model',
    title: 'Crop-yield forecaster (small)',
    description: `A gradient-boosted model over the weather sample's features, as JSON. ${SYNTHETIC}`,
    content: { format: 'application/json', name: 'crop-yield-forecaster.json', bytes: yieldModel },
    contributorBps: [10_000],
    parent: { index: 0, bps: 1_000 },
    price: parseEther('40'),
  },
  {
    kind: 'agent',
    title: 'Field-report summariser agent',
    description: `An agent definition (instructions and the tools it asks for) that summarises field reports. ${SYNTHETIC}`,
    content: { format: 'application/json', name: 'field-report-summariser.json', bytes: summariserAgent },
    contributorBps: [5_000, 3_000, 2_000],
    price: parseEther('15'),
  },
  {
    kind: 'prompt',
    title: 'Grant-writing assistant prompt',
    description: `A system prompt that turns a chat model into a careful grant-writing helper. ${SYNTHETIC}`,
    content: { format: 'text/markdown', name: 'grant-writing-assistant.md', bytes: grantPrompt },
    contributorBps: [10_000],
    price: parseEther('5'),
  },
];

/** The plaintext's sha256: the asset's contentHash on chain. */
export const demoContentHash = (asset: DemoAsset): Hex =>
  `0x${createHash('sha256').update(asset.content.bytes()).digest('hex')}`;

/**
 * The age identity a demo asset is encrypted to. Derived from its title, on purpose: the devnet's
 * accounts come from a published mnemonic and nothing on it is secret, and a derived key lets any
 * process running the devnet deliver what another seeded, with nothing stored.
 */
export const demoIdentity = (asset: DemoAsset): X25519Identity =>
  X25519Identity.fromSecretKey(
    createHash('sha256').update(`sahel-demo-asset-key:v1:${asset.title}`).digest(),
  );

/** What the devnet seeded before its demo assets had content: listed with no ciphertext, never deliverable. */
export const LEGACY_DEMO_NAMES = [
  'Sahel weather stations 2015–2024',
  'Crop-yield forecaster (small)',
  'Wolof instruction LoRA',
  'Grant-writing assistant prompt',
] as const;
