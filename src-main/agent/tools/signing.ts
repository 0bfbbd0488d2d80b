import type { ActOrigin, ActPorts, ToolPorts } from './ports.js';

/**
 * The act tools' ports, whose transactions are signed only as the origin the gate's open grant names
 * (`origin`, from Gate.signingOrigin): whatever a tool passes is ignored, so no tool can ask for
 * 'user' and slip past the agent's guard, and nothing it signs escapes the grant.
 */
export function signingPorts(ports: ToolPorts, origin: () => ActOrigin): ActPorts {
  const { buyer, publisher, wallet } = ports;
  return {
    ...ports,
    buyer: { plan: (input) => buyer.plan(input), confirm: (id) => buyer.confirm(id, origin()) },
    publisher: {
      plan: (request) => publisher.plan(request),
      confirm: (id) => publisher.confirm(id, origin()),
      discard: (id) => publisher.discard(id),
    },
    wallet: {
      balances: () => wallet.balances(),
      prepareTransfer: (args) => wallet.prepareTransfer(args),
      confirm: (id) => wallet.confirm(id, origin()),
    },
  };
}
