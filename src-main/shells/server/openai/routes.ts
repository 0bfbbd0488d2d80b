import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../../platform/log.js';
import type { Route } from '../vault-routes.js';
import type { OpenAiBackend } from './backend.js';
import { readJsonBody } from './body.js';
import { chatCompletions, modelNotFound } from './chat-completions.js';
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
        // A malformed escape (`%zz`) names no model: 404 like any other unknown id, not a 500.
        const id = safeDecode(path.slice('/v1/models/'.length));
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

function listModels(backend: OpenAiBackend, created: number) {
  const ids = new Set<string>();
  const chat = backend.chat();
  if (chat) ids.add(chat.model.id);
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
  const vectors = await emb.embedder.embed(inputs);
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
    data: vectors.map((v, index) => ({
      object: 'embedding',
      index,
      embedding:
        body.encoding_format === 'base64'
          ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')
          : Array.from(v),
    })),
  });
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
