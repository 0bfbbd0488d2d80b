import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../platform/index.js';
import type { Route } from '../vault-routes.js';
import { modelNotFound, type OpenAiBackend } from './backend.js';
import { readJsonBody } from './body.js';
import { chatCompletions } from './chat-completions.js';
import { noModel, OpenAiError, sendError, sendJson, toOpenAiError } from './errors.js';
import { EmbeddingsRequest } from './schemas.js';

/**
 * The OpenAI-compatible API under /v1, so other tools on this machine can use the user's model:
 * GET /v1/models, POST /v1/chat/completions, POST /v1/embeddings. The server has checked the access
 * token (Bearer header or cookie) and the Host header before any of this runs.
 */
export function openaiRoutes(backend: OpenAiBackend, log: Logger): Route {
  const since = Math.floor(Date.now() / 1000);
  return async (req, res, url) => {
    if (url.pathname !== '/v1' && !url.pathname.startsWith('/v1/')) return false;
    const path = url.pathname.replace(/\/+$/, '');
    try {
      if (path === '/v1/models') {
        allow(req, 'GET');
        sendJson(res, 200, { object: 'list', data: listModels(backend, since) });
      } else if (path.startsWith('/v1/models/')) {
        allow(req, 'GET');
        const id = decodeId(path.slice('/v1/models/'.length));
        const model = listModels(backend, since).find((m) => m.id === id);
        if (!model)
          throw new OpenAiError(404, 'invalid_request_error', 'No such model.', 'model_not_found', 'model');
        sendJson(res, 200, model);
      } else if (path === '/v1/chat/completions') {
        allow(req, 'POST');
        await chatCompletions(req, res, backend);
      } else if (path === '/v1/embeddings') {
        allow(req, 'POST');
        await embeddings(req, res, backend);
      } else {
        throw new OpenAiError(
          404,
          'invalid_request_error',
          `Unknown endpoint ${req.method} ${path}.`,
          'unknown_url',
        );
      }
    } catch (err) {
      const e = toOpenAiError(err);
      if (e.status >= 500) log.warn('openai api request failed', { path, code: e.code });
      if (!res.headersSent) sendError(res, e, e.status === 405 ? { Allow: e.param ?? '' } : {});
      else if (!res.writableEnded) res.end();
    }
    return true;
  };
}

function allow(req: IncomingMessage, method: 'GET' | 'POST'): void {
  if (req.method !== method && !(method === 'GET' && req.method === 'HEAD')) {
    throw new OpenAiError(405, 'invalid_request_error', `Use ${method}.`, 'method_not_allowed', method);
  }
}

/** A model id from the path; bad percent-encoding is the client's mistake, not a server error. */
function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new OpenAiError(
      400,
      'invalid_request_error',
      'The model id in the path is not valid percent-encoding.',
      'invalid_request',
      'model',
    );
  }
}

function listModels(backend: OpenAiBackend, created: number) {
  const ids = new Set<string>();
  const chat = backend.chat();
  if (chat) ids.add(chat.model.id);
  for (const id of backend.loadable()) ids.add(id);
  const emb = backend.embeddings();
  if (emb) ids.add(emb.id);
  return [...ids].map((id) => ({ id, object: 'model' as const, created, owned_by: 'sahel' }));
}

async function embeddings(req: IncomingMessage, res: ServerResponse, backend: OpenAiBackend): Promise<void> {
  const body = await readJsonBody(req, EmbeddingsRequest);
  const emb = backend.embeddings();
  if (!emb) throw noModel();
  if (body.model !== emb.id) throw modelNotFound(body.model, emb.id);
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  const { vectors, tokens } = await emb.embed(inputs);
  const dims = vectors[0]?.length ?? 0;
  if (body.dimensions !== undefined && body.dimensions !== dims) {
    throw new OpenAiError(
      400,
      'invalid_request_error',
      `This model's embeddings have ${dims} dimensions; other sizes are not supported.`,
      'invalid_request',
      'dimensions',
    );
  }
  sendJson(res, 200, {
    object: 'list',
    model: emb.id,
    data: vectors.map((raw, index) => {
      const v = unit(raw);
      return {
        object: 'embedding',
        index,
        embedding:
          body.encoding_format === 'base64'
            ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')
            : Array.from(v),
      };
    }),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

/**
 * Unit length, as OpenAI's embeddings are: clients compare them by dot product. A zero vector (an
 * empty text) stays zero.
 */
function unit(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm === 0 || !Number.isFinite(norm)) return new Float32Array(v.length);
  return v.map((x) => x / norm);
}
