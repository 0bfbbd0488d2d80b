// A streamed /v1/chat/completions as an OpenAI client reads it, for the API benchmarks.
import type { Served } from '../../support/sahel-process.js';
import type { Sample } from './bare-llama.js';

/** One streamed /v1/chat/completions, timed where the HTTP client reads each SSE event. */
export async function viaSse(
  served: Served,
  model: string,
  prompt: string,
  maxTokens: number,
): Promise<Sample> {
  const t0 = performance.now();
  const res = await fetch(`${served.base}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${served.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model,
      messages: [{ role: 'user', content: prompt }],
      max_tokens: maxTokens,
      temperature: 0,
      seed: 1,
      stream: true,
      stream_options: { include_usage: true },
    }),
  });
  if (!res.ok || !res.body) throw new Error(`/v1/chat/completions answered ${res.status}`);
  let first = 0;
  let last = 0;
  let tokens = 0;
  let buffer = '';
  const decoder = new TextDecoder();
  const reader = res.body.getReader();
  for (;;) {
    const read = await reader.read();
    if (read.done) break;
    const now = performance.now();
    buffer += decoder.decode(read.value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const data = buffer.slice(0, end).replace(/^data: /, '');
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      if (data === '[DONE]') continue;
      const chunk = JSON.parse(data) as {
        choices: { delta: { content?: string } }[];
        usage?: { completion_tokens: number };
      };
      if (chunk.usage) tokens = chunk.usage.completion_tokens;
      if (chunk.choices[0]?.delta.content) {
        last = now;
        if (!first) first = now;
      }
    }
  }
  return { ttftMs: first - t0, tokensPerSecond: ((tokens - 1) * 1000) / (last - first), tokens };
}
