import { SahelError } from '../errors.js';
import { type Contract, contract, type SahelClient } from './contract.js';
import type { ServiceDef } from './define.js';
import { type EventName, type EventPayload, events } from './events.js';

/** What every transport offers a client: call a procedure by name, subscribe to an event. */
export interface Transport {
  call(method: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds the typed client from the contract: `client.app.status({})`. Results are checked against the
 * output schema, so a client never acts on a malformed answer.
 */
export function createClient(transport: Transport): SahelClient {
  const client: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const [serviceName, service] of Object.entries(contract as Contract) as [string, ServiceDef][]) {
    const methods: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [procName, def] of Object.entries(service)) {
      const method = `${serviceName}.${procName}`;
      methods[procName] = async (input) => {
        const raw = await transport.call(method, input);
        const parsed = def.output.safeParse(raw);
        if (!parsed.success) throw new SahelError('INTERNAL', `Malformed result from ${method}`);
        return parsed.data;
      };
    }
    client[serviceName] = methods;
  }
  return client as unknown as SahelClient;
}

/** Typed event subscription over a transport; payloads that do not match their schema are dropped. */
export function onEvent<N extends EventName>(
  transport: Transport,
  name: N,
  listener: (payload: EventPayload<N>) => void,
): () => void {
  return transport.subscribe(name, (payload) => {
    const parsed = events[name].safeParse(payload);
    if (parsed.success) listener(parsed.data as EventPayload<N>);
  });
}
