import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { OpenAiError } from './errors.js';

/** Request bodies are capped before parsing: a client cannot make the owner buffer more than this. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Reads, parses and validates a JSON body; every failure is a 400 (or 413) in OpenAI's shape. */
export async function readJsonBody<T extends z.ZodTypeAny>(
  req: IncomingMessage,
  schema: T,
  maxBytes = MAX_BODY_BYTES,
): Promise<z.output<T>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new OpenAiError(
      400,
      'invalid_request_error',
      'Send the body as JSON (Content-Type: application/json).',
      'invalid_content_type',
    );
  }
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    parts.push(chunk);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(parts).toString('utf8'));
  } catch {
    throw new OpenAiError(
      400,
      'invalid_request_error',
      'The request body is not valid JSON.',
      'invalid_json',
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue?.path.join('.') || null;
    throw new OpenAiError(
      400,
      'invalid_request_error',
      `Invalid request${param ? ` at '${param}'` : ''}: ${issue?.message ?? 'malformed'}`,
      'invalid_request',
      param,
    );
  }
  return parsed.data;
}

function tooLarge(max: number): OpenAiError {
  return new OpenAiError(
    413,
    'invalid_request_error',
    `The request body is larger than ${max / 1024 / 1024} MiB.`,
    'body_too_large',
  );
}
