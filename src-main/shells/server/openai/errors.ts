import type { ServerResponse } from 'node:http';
import { SahelError } from '../../../../src-shared/errors.js';
import { EngineError } from '../../../llm/index.js';

export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'not_found_error'
  | 'server_error'
  | 'service_unavailable';

/** An error in the shape OpenAI's clients parse: `{ error: { message, type, param, code } }`. */
export class OpenAiError extends Error {
  constructor(
    readonly status: number,
    readonly type: OpenAiErrorType,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  body(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export const noModel = () =>
  new OpenAiError(
    503,
    'service_unavailable',
    'No model is loaded in Sahel: load one on the Models page or with `sahel models use <id>`.',
    'model_not_loaded',
  );

/** Maps anything thrown below to an OpenAI error; messages of unknown errors are not passed on. */
export function toOpenAiError(err: unknown): OpenAiError {
  if (err instanceof OpenAiError) return err;
  if (err instanceof EngineError) {
    if (err.code === 'no-model-loaded') return noModel();
    if (err.code === 'context-overflow')
      return new OpenAiError(
        400,
        'invalid_request_error',
        err.message,
        'context_length_exceeded',
        'messages',
      );
    if (err.code === 'bad-request')
      return new OpenAiError(400, 'invalid_request_error', err.message, 'bad_request');
    if (err.code === 'model-load-failed')
      return new OpenAiError(503, 'service_unavailable', err.message, 'model_load_failed');
    return new OpenAiError(500, 'server_error', err.message, `engine_${err.code}`);
  }
  if (err instanceof SahelError) {
    const status =
      err.code === 'BAD_INPUT' ? 400 : err.code === 'LOCKED' ? 423 : err.code === 'UNAVAILABLE' ? 503 : 500;
    const type =
      status === 400 ? 'invalid_request_error' : status === 503 ? 'service_unavailable' : 'server_error';
    return new OpenAiError(status, type, err.message, err.code.toLowerCase());
  }
  return new OpenAiError(500, 'server_error', 'Internal error', 'internal');
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): void {
  const e = toOpenAiError(err);
  sendJson(res, e.status, e.body(), headers);
}
