import type { Contract } from '../../src-shared/api/contract.js';
import type { OutputOf, ParsedInputOf, ServiceDef, TransportName } from '../../src-shared/api/define.js';

/** Who is calling: the transport, for logs and for procedures only some callers may use. */
export interface CallContext {
  readonly transport: TransportName;
}

export type ServiceHandlers<S extends ServiceDef> = {
  readonly [K in keyof S]: (
    input: ParsedInputOf<S[K]>,
    ctx: CallContext,
  ) => OutputOf<S[K]> | Promise<OutputOf<S[K]>>;
};

/** The implementation of the whole contract; the compiler insists on every procedure. */
export type ContractHandlers = { readonly [K in keyof Contract]: ServiceHandlers<Contract[K]> };
