import { contract } from '../../src-shared/api/contract.js';
import { type Access, allowedOver, lookupProcedure } from '../../src-shared/api/define.js';
import type { CallEnvelope } from '../../src-shared/api/ipc-channels.js';
import { describeIssues } from '../../src-shared/api/issues.js';
import { SahelError } from '../../src-shared/errors.js';
import type { Logger } from '../platform/index.js';
import type { CallContext, ContractHandlers } from './handlers.js';

type AnyHandler = (input: unknown, ctx: CallContext) => unknown;

/**
 * The one place every procedure call goes through, whatever the transport: look the name up in the
 * contract, validate the input, run the handler, validate the output, and turn any failure into a
 * typed error. It never throws, so no input can take the process down.
 */
export class Router {
  constructor(
    private readonly handlers: ContractHandlers,
    private readonly log: Logger,
  ) {}

  async dispatch(method: unknown, input: unknown, ctx: CallContext): Promise<CallEnvelope> {
    try {
      if (typeof method !== 'string')
        throw new SahelError('BAD_MESSAGE', 'The procedure name must be a string');
      const def = lookupProcedure(contract, method);
      if (!def)
        throw new SahelError(
          'UNKNOWN_PROCEDURE',
          `No procedure named ${JSON.stringify(method.slice(0, 80))}`,
        );
      // Before the input is even read: a caller that may not use the procedure learns nothing from it.
      if (!allowedOver(def.access, ctx.transport))
        throw new SahelError('FORBIDDEN', refusal(method, def.access));
      const parsed = def.input.safeParse(input ?? {});
      if (!parsed.success) {
        throw new SahelError('BAD_INPUT', describeIssues(parsed.error.issues));
      }
      const [service, proc] = method.split('.') as [keyof ContractHandlers, string];
      const handler = (this.handlers[service] as unknown as Record<string, AnyHandler>)[proc];
      if (!handler) throw new SahelError('NOT_IMPLEMENTED', `${method} is not implemented`);
      const value = await handler(parsed.data, ctx);
      const out = def.output.safeParse(value);
      if (!out.success) {
        this.log.error('handler returned a result outside the contract', {
          method,
          issues: out.error.issues,
        });
        throw new SahelError('INTERNAL', `${method} produced a malformed result`);
      }
      return { ok: true, value: out.data };
    } catch (err) {
      if (SahelError.is(err)) return { ok: false, error: err.toJSON() };
      this.log.error('procedure failed', { method: String(method).slice(0, 80), error: err });
      return { ok: false, error: { code: 'INTERNAL', message: 'Internal error; see the log for details' } };
    }
  }
}

function refusal(method: string, access: Access): string {
  if (access === 'cli') return `${method} is offered on the command line only: run the \`sahel\` command.`;
  if (access === 'same-machine') {
    return (
      `${method} names a file on the machine Sahel runs on, so it is refused to browsers reaching ` +
      'this server over the network: run the `sahel` command on that machine instead.'
    );
  }
  return (
    `${method} reads or writes files by their path on the machine Sahel runs on, so only the desktop app ` +
    'and the `sahel` command there may call it. In the browser, upload or download the file instead.'
  );
}
