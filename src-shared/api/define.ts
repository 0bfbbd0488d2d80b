import { z } from 'zod';

/**
 * The channels a call can arrive by: Electron IPC, the browser's WebSocket (`ws` while `serve` listens
 * on loopback only, `ws-network` when it binds an address other machines reach), the CLI's socket,
 * in-process.
 */
export type TransportName = 'ipc' | 'ws' | 'ws-network' | 'socket' | 'local';

/**
 * Who may call a procedure. `any`: every transport. `same-machine`: callers on the owner's machine
 * only (not a WebSocket of a server bound to a network address). `app-or-cli`: not the WebSocket at
 * all — procedures that read or write whole files by path on the owner's machine; a browser sends and
 * receives bytes instead (HTTP upload and download), and paths stay with the desktop app's native
 * dialogs and the `sahel` command. `cli`: the command line only (recovery secrets).
 */
export type Access = 'any' | 'same-machine' | 'app-or-cli' | 'cli';

const ALLOWED: Record<Access, readonly TransportName[]> = {
  any: ['ipc', 'ws', 'ws-network', 'socket', 'local'],
  'same-machine': ['ipc', 'ws', 'socket', 'local'],
  'app-or-cli': ['ipc', 'socket', 'local'],
  cli: ['socket', 'local'],
};

export function allowedOver(access: Access, transport: TransportName): boolean {
  return ALLOWED[access].includes(transport);
}

/** Marks a file path on the owner's machine; a procedure whose input holds one is never `any` (a test walks the contract). */
export const LOCAL_PATH = 'sahel:local-path';
export const LocalPath = z.string().min(1).max(4096).describe(LOCAL_PATH);

/** One procedure of the API: its input schema, output schema and a line for the docs and `--help`. */
export interface ProcedureDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly summary: string;
  readonly access: Access;
}

export type ServiceDef = Readonly<Record<string, ProcedureDef>>;
export type ContractDef = Readonly<Record<string, ServiceDef>>;

export function procedure<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  summary: string,
  access: Access = 'any',
): ProcedureDef<I, O> {
  return { input, output, summary, access };
}

export type InputOf<P extends ProcedureDef> = z.input<P['input']>;
export type ParsedInputOf<P extends ProcedureDef> = z.output<P['input']>;
export type OutputOf<P extends ProcedureDef> = z.output<P['output']>;

/** What a caller sees: `client.app.status({})`. The same shape over IPC, WebSocket and the local socket. */
export type ServiceClient<S extends ServiceDef> = {
  readonly [K in keyof S]: (input: InputOf<S[K]>) => Promise<OutputOf<S[K]>>;
};
export type ContractClient<C extends ContractDef> = { readonly [K in keyof C]: ServiceClient<C[K]> };

/** Fully qualified procedure names, `service.procedure`, derived from the contract (never typed by hand). */
export type ProcedureName<C extends ContractDef> = {
  [S in keyof C & string]: `${S}.${keyof C[S] & string}`;
}[keyof C & string];

export function procedureNames<C extends ContractDef>(contract: C): ProcedureName<C>[] {
  const names: string[] = [];
  for (const [service, procs] of Object.entries(contract)) {
    for (const name of Object.keys(procs)) names.push(`${service}.${name}`);
  }
  return names as ProcedureName<C>[];
}

export function lookupProcedure(contract: ContractDef, name: string): ProcedureDef | undefined {
  const dot = name.indexOf('.');
  if (dot <= 0) return undefined;
  const service = Object.hasOwn(contract, name.slice(0, dot)) ? contract[name.slice(0, dot)] : undefined;
  const proc = name.slice(dot + 1);
  return service && Object.hasOwn(service, proc) ? service[proc] : undefined;
}
