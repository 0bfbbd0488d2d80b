import type { Address } from 'viem';
import type { Contract } from '../../../src-shared/api/contract.js';
import type { Networks } from '../../chain/index.js';
import type { ServiceHandlers } from '../handlers.js';

/** The `network` service: the chain module throws typed SahelErrors itself, so this only maps shapes. */
export function networkHandlers(networks: Networks): ServiceHandlers<Contract['network']> {
  return {
    list: () => ({ networks: networks.list() }),
    active: () => networks.activeStatus(),
    add: (input) => networks.add(input),
    use: ({ name }) => networks.use(name),
    remove: ({ name }) => ({ removed: networks.remove(name) }),
    setContracts: ({ name, contracts }) => networks.setContracts(name, contracts),
    deployContracts: ({ name, from }) => networks.deploy(name, from as Address | undefined),
    devnetStatus: () => networks.devnetStatus(),
  };
}
