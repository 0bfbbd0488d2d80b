// The README's `scripted:<file>` example for the agent, run as written: loaded from a file as
// SAHEL_CHAT_PROVIDER loads it, through the loop and the real wallet tools on anvil. The send is
// proposed from the pipeline's simulation, held by the gate, and nothing moves.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAgentTurn, walletPort } from '../../../../src-main/agent/index.js';
import { ScriptedProvider } from '../../../../src-main/llm/providers/scripted-provider.js';
import { BalancesRepo } from '../../../../src-main/store/balances-repo.js';
import { RecordingGate, toolboxWith } from '../../../support/agent.js';
import { ROOT } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';
import { cast, devSigners } from '../../chain/tx-fixture.js';
import { type Chain, E18, useChain } from '../../contracts/harness.js';
import { type BuyerSide, buyerSide } from '../../market/trade-fixture.js';

let c: Chain;
let b: BuyerSide | undefined;
afterEach(async () => {
  await b?.close();
  b = undefined;
});

/** The first JSON block after the README's paragraph on `scripted:<file>`. */
function readmeScript(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const from = readme.indexOf('`SAHEL_CHAT_PROVIDER=scripted:<file>`');
  const block = readme.slice(from).match(/```json\n([\s\S]*?)\n```/);
  if (from < 0 || !block) throw new Error('the README has no scripted example');
  return block[1]!;
}

describe("the README's scripted agent example", () => {
  useChain((chain) => {
    c = chain;
  });

  it('runs as written: the send is proposed from the simulation, waits for the user, and moves nothing', async () => {
    const dir = tempDir();
    b = await buyerSide(c, dir, 4);
    const file = join(dir, 'agent-script.json');
    writeFileSync(file, readmeScript());
    const model = ScriptedProvider.fromFile(file);
    const tools = toolboxWith({
      wallet: walletPort({
        pipeline: b.world.pipeline,
        network: async () => b!.world.network,
        signers: devSigners(c, [4]),
        balances: {
          configured: () => ({ name: 'test', chainId: c.chainId }),
          repo: new BalancesRepo(b.world.db),
        },
      }),
    });
    const gate = new RecordingGate(() => 'hold');
    const r = await runAgentTurn(
      { provider: model, gate, tools, limits: () => ({ maxSteps: 8, maxToolCalls: 16 }) },
      { text: 'Please pay my friend 5', conversationId: null },
    );
    expect(r).toMatchObject({ stop: 'answered', text: 'The send waits for your approval.' });
    const to = '0x1111111111111111111111111111111111111111';
    expect(gate.acts.map((a) => a.proposal.moves)).toEqual([
      [{ token: 'native', symbol: 'ETH', decimals: 18, amount: (5n * E18).toString(), to, approval: false }],
    ]);
    expect(b.world.guarded).toEqual([]);
    expect(cast(c.anvil.rpcUrl, 'balance', to)).toBe('0');
  });
});
