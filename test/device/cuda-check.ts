/**
 * The GPU check for a machine with an NVIDIA GPU (never part of `npm test`: CI has no GPU). It runs
 * Sahel's own engine path — EngineHost → child process → node-llama-cpp with `gpu: 'auto'`, then
 * Vulkan by name — and
 * reports which backend was picked, the VRAM seen, how many layers went to the GPU and the token rate,
 * next to the same path forced onto the CPU. Build it with scripts/pack-cuda-check.sh, which also
 * says how to run it.
 *
 *   node cuda-check.mjs <model.gguf> [out.json]
 */
import { writeFileSync } from 'node:fs';
import { EngineHost } from '../../src-main/llm/engine/host/engine-host.js';

const [model, out] = process.argv.slice(2);
if (!model) throw new Error('usage: cuda-check <model.gguf> [out.json]');
const PROMPT = 'Once upon a time, in a village by the sea, there lived';
const TOKENS = 200;

async function run(gpu: 'auto' | 'vulkan' | 'cpu') {
  const host = new EngineHost({ gpu });
  try {
    const t0 = performance.now();
    const hardware = await host.hardware();
    process.stderr.write(
      `${gpu}: backend ${hardware.backend}, ${hardware.gpuNames.join(', ') || 'no GPU'}\n`,
    );
    const loaded = await host.load({ modelPath: model!, contextSize: 1024 });
    const loadMs = performance.now() - t0;
    process.stderr.write(`${gpu}: loaded with ${loaded.gpuLayers} GPU layers in ${loadMs.toFixed(0)} ms\n`);
    const rates: number[] = [];
    const errors: string[] = [];
    let ttftMs = 0;
    // A GPU backend that crashes the engine sends it to the CPU: the failed run is recorded, the rest go on.
    for (let i = 0, warm = false; rates.length < 3 && i < 8; i++) {
      let first = 0;
      const start = performance.now();
      const h = host.generate(
        { prompt: PROMPT, maxTokens: TOKENS, temperature: 0, seed: 1 },
        {
          onToken: () => {
            if (!first) first = performance.now();
          },
        },
      );
      const done = await h.done.catch((err: Error) => {
        errors.push(err.message);
        process.stderr.write(`${gpu}: generation failed: ${err.message}\n`);
        return undefined;
      });
      const end = performance.now();
      if (!done) continue;
      if (!warm) {
        warm = true;
        continue;
      }
      ttftMs = first - start;
      rates.push(((done.tokens - 1) * 1000) / (end - first));
    }
    return {
      gpu,
      hardware,
      loaded,
      loadMs,
      errors,
      gpuFallback: host.gpuFallback ?? null,
      after: host.loaded,
      // Where a GPU failure moved the engine, and what the restarted engine reports for itself.
      gpuAfter: host.gpu,
      backendAfter: (await host.hardware().catch(() => null))?.backend ?? null,
      ttftMs,
      tokensPerSecond: rates.sort((a, b) => a - b)[1],
    };
  } finally {
    await host.dispose();
  }
}

const result = {
  node: process.versions.node,
  auto: await run('auto'),
  vulkan: await run('vulkan'),
  cpu: await run('cpu'),
};
const text = JSON.stringify(result, null, 2);
process.stdout.write(`${text}\n`);
if (out) writeFileSync(out, text);
if (result.auto.hardware.backend !== 'cuda') process.exitCode = 1;
