import { ContractAddresses } from '../../src-shared/domain/network.js';
import type { Db } from './database.js';

/** A network the user added (the built-in devnet has no row). */
export interface NetworkRow {
  name: string;
  chainId: number;
  rpcUrl: string;
  contracts: ContractAddresses | null;
  active: boolean;
  /** Added from a devnet's network file (chain id 31337 only): its faucet funds the wallet. */
  devnet: boolean;
}

interface RawRow {
  name: string;
  chain_id: number;
  rpc_url: string;
  contracts: string | null;
  active: number;
  devnet: number;
}

/** The `networks` table. A row whose contracts JSON no longer parses reads as "no contracts". */
export class NetworksRepo {
  constructor(private readonly db: Db) {}

  list(): NetworkRow[] {
    const rows = this.db.prepare('SELECT * FROM networks ORDER BY added_at, name').all() as RawRow[];
    return rows.map(toRow);
  }

  get(name: string): NetworkRow | undefined {
    const row = this.db.prepare('SELECT * FROM networks WHERE name = ?').get(name) as RawRow | undefined;
    return row ? toRow(row) : undefined;
  }

  /** Inserts a new network (not a joined devnet unless said); false if the name is taken. */
  insert(row: Omit<NetworkRow, 'active' | 'devnet'> & { devnet?: boolean }): boolean {
    const res = this.db
      .prepare(
        `INSERT INTO networks (name, chain_id, rpc_url, contracts, devnet, added_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(name) DO NOTHING`,
      )
      .run(
        row.name,
        row.chainId,
        row.rpcUrl,
        row.contracts ? JSON.stringify(row.contracts) : null,
        row.devnet ? 1 : 0,
        new Date().toISOString(),
      );
    return res.changes === 1;
  }

  setContracts(name: string, contracts: ContractAddresses): boolean {
    const res = this.db
      .prepare('UPDATE networks SET contracts = ? WHERE name = ?')
      .run(JSON.stringify(contracts), name);
    return res.changes === 1;
  }

  /** The active row, or undefined when the devnet is in use. */
  active(): NetworkRow | undefined {
    const row = this.db.prepare('SELECT * FROM networks WHERE active = 1').get() as RawRow | undefined;
    return row ? toRow(row) : undefined;
  }

  /** Makes `name` active, or (null) none of the rows: the devnet. False if there is no such row. */
  setActive(name: string | null): boolean {
    return this.db.transaction(() => {
      if (name !== null && !this.get(name)) return false;
      this.db.prepare('UPDATE networks SET active = 0 WHERE active = 1').run();
      if (name !== null) this.db.prepare('UPDATE networks SET active = 1 WHERE name = ?').run(name);
      return true;
    })();
  }

  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM networks WHERE name = ?').run(name).changes === 1;
  }
}

function toRow(raw: RawRow): NetworkRow {
  let contracts: ContractAddresses | null = null;
  if (raw.contracts !== null) {
    try {
      const parsed = ContractAddresses.safeParse(JSON.parse(raw.contracts));
      contracts = parsed.success ? parsed.data : null;
    } catch {
      contracts = null;
    }
  }
  return {
    name: raw.name,
    chainId: raw.chain_id,
    rpcUrl: raw.rpc_url,
    contracts,
    active: raw.active === 1,
    devnet: raw.devnet === 1,
  };
}
