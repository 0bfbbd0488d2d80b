/**
 * The small pieces core.ts and its helpers (core-agent.ts) wire with: late-bound parts and hook lists,
 * so no closure names a service declared further down (test/unit/core-order.test.ts).
 */

/** What unlocking and locking the vault mean to one part; core.ts runs them in the order they were added. */
export interface VaultHook {
  unlocked(): void;
  locked(): void;
}

/**
 * A part built further down, for an earlier one to call once it exists (the agent's guard and turns):
 * `get` answers undefined until `set`.
 */
export function slot<T>() {
  let value: T | undefined;
  return {
    get: (): T | undefined => value,
    set: (v: T): void => {
      value = v;
    },
  };
}

/**
 * Calls from a part to parts built after it: the earlier part is handed `run`, and each later part
 * adds its reaction where it is built, so no closure names a service declared further down. Hooks run
 * in the order they were added.
 */
export function hookList<A extends unknown[]>() {
  const hooks: ((...args: A) => void)[] = [];
  return {
    add: (hook: (...args: A) => void): void => {
      hooks.push(hook);
    },
    run: (...args: A): void => {
      for (const hook of hooks) hook(...args);
    },
  };
}
