/**
 * The bytes of the devnet's demo assets: small, synthetic, and the same on every machine (a seeded
 * generator, no clock, no randomness), so an asset's contentHash — the plaintext's sha256 the chain
 * records and a buyer checks — is the same wherever the devnet is seeded, and a second seeding of the
 * same chain finds the asset already registered.
 */

/** mulberry32: a tiny seeded generator, good enough for synthetic sample data. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const STATIONS = ['Dakar-Yoff', 'Thies', 'Kaolack', 'Tambacounda', 'Podor'] as const;

/** A day of hourly readings from five stations, as CSV (synthetic: a daily cycle plus noise). */
export function weatherSample(): Buffer {
  const next = generator(2015);
  const rows = ['station,time_utc,temp_c,rel_humidity_pct,rain_mm,wind_m_s'];
  for (const [s, station] of STATIONS.entries()) {
    for (let h = 0; h < 24; h++) {
      const cycle = Math.sin(((h - 9) / 24) * 2 * Math.PI);
      const temp = 27 + s * 1.4 + 6 * cycle + (next() - 0.5) * 1.5;
      const humidity = Math.min(100, Math.max(8, 55 - 25 * cycle - s * 6 + (next() - 0.5) * 8));
      const rain = next() < 0.04 ? next() * 12 : 0;
      const wind = 2 + next() * 5;
      const time = `2024-08-01T${String(h).padStart(2, '0')}:00Z`;
      rows.push(
        `${station},${time},${temp.toFixed(1)},${humidity.toFixed(0)},${rain.toFixed(1)},${wind.toFixed(1)}`,
      );
    }
  }
  return Buffer.from(`${rows.join('\n')}\n`, 'utf8');
}

/** A small gradient-boosted model (decision stumps over the weather features), as JSON. */
export function yieldModel(): Buffer {
  const next = generator(40);
  const features = ['rain_mm_season', 'temp_c_mean', 'rel_humidity_pct_mean', 'sowing_day'];
  const trees = Array.from({ length: 24 }, (_, i) => {
    const feature = features[i % features.length]!;
    const threshold = Number((next() * 100).toFixed(2));
    return {
      feature,
      threshold,
      left: Number(((next() - 0.5) * 0.4).toFixed(4)),
      right: Number(((next() - 0.5) * 0.4).toFixed(4)),
    };
  });
  const model = {
    format: 'sahel-demo-gbm/1',
    target: 'millet_yield_t_per_ha',
    base: 0.92,
    learningRate: 0.1,
    features,
    trees,
    note: 'Synthetic demo model of the Sahel devnet: its numbers are not fitted to real fields.',
  };
  return Buffer.from(`${JSON.stringify(model, null, 2)}\n`, 'utf8');
}

/** An agent definition for the agent to install (a manifest: its instructions and the tools it asks for). */
export function summariserAgent(): Buffer {
  const agent = {
    format: 'sahel-agent/1',
    name: 'Field-report summariser',
    instructions:
      'You read field reports from farmers and extension workers and write a short summary: what was ' +
      'observed, where, when, and what the reporter asks for. Quote numbers exactly. Never invent a fact ' +
      'that is not in the report; say what is missing instead.',
    tools: ['vault.search', 'vault.read'],
    note: 'Demo asset of the Sahel devnet.',
  };
  return Buffer.from(`${JSON.stringify(agent, null, 2)}\n`, 'utf8');
}

/** A system prompt, as markdown. */
export function grantPrompt(): Buffer {
  return Buffer.from(
    [
      '# Grant-writing assistant',
      '',
      'You help a small organisation write a grant application. Work in this order:',
      '',
      '1. Ask for the funder, the call and its deadline, the budget ceiling and the eligibility rules.',
      '2. Restate the project in two sentences: the problem, who has it, and what will change. Check it',
      '   with the user before writing anything else.',
      '3. Draft each section the call asks for, in its order and within its word limits. Use the',
      "   funder's own words for their criteria, and show how the project meets each one.",
      '4. Build the budget from activities, not the other way round; flag any line above 20 % of the total.',
      '5. End with a checklist of every attachment the call requires and whether the user has it.',
      '',
      'Be concrete: numbers, places, dates. Never claim a result the user has not given you.',
      '',
      '_Demo asset of the Sahel devnet._',
      '',
    ].join('\n'),
    'utf8',
  );
}
