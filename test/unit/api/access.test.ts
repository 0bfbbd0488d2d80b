import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ContractHandlers } from '../../../src-main/api/handlers.js';
import { Router } from '../../../src-main/api/router.js';
import { contract } from '../../../src-shared/api/contract.js';
import { allowedOver, LOCAL_PATH, type ProcedureDef } from '../../../src-shared/api/define.js';
import { silentLogger } from '../../support/logger.js';

/** Whether a procedure's input holds a LocalPath anywhere (nested objects, unions, arrays). */
function takesLocalPath(def: ProcedureDef): boolean {
  return JSON.stringify(z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' })).includes(
    LOCAL_PATH,
  );
}

const procedures = Object.entries(contract).flatMap(([service, procs]) =>
  Object.entries(procs as Record<string, ProcedureDef>).map(
    ([name, def]) => [`${service}.${name}`, def] as const,
  ),
);

describe('who may call what (issue 14)', () => {
  it('marks every procedure that takes a local path as not for the WebSocket', () => {
    const pathTaking = procedures.filter(([, def]) => takesLocalPath(def)).map(([name]) => name);
    // The walk must find the known ones, or it proves nothing about new ones.
    expect(pathTaking).toEqual(
      expect.arrayContaining(['vault.importPaths', 'vault.exportFile', 'vault.exportAge', 'models.import']),
    );
    const access = (name: string) => procedures.find(([n]) => n === name)?.[1].access ?? 'any';
    // No path-taking procedure answers a browser that reaches the server over the network.
    for (const name of pathTaking) expect(allowedOver(access(name), 'ws-network'), name).toBe(false);
    // Those that read or write whole files answer no browser at all: it uploads and downloads bytes.
    for (const name of ['vault.importPaths', 'vault.exportFile', 'vault.exportAge']) {
      expect(allowedOver(access(name), 'ws'), name).toBe(false);
      expect(allowedOver(access(name), 'ipc'), name).toBe(true);
      expect(allowedOver(access(name), 'socket'), name).toBe(true);
    }
  });

  it('lets a browser on this machine import a model by path, but not one over the network', async () => {
    const seen: string[] = [];
    const handlers = {
      models: {
        import: ({ path }: { path: string }) => {
          seen.push(path);
          throw new Error('not a GGUF');
        },
      },
    } as unknown as ContractHandlers;
    const router = new Router(handlers, silentLogger());
    const far = await router.dispatch('models.import', { path: '/etc/shadow' }, { transport: 'ws-network' });
    expect(far).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(seen).toEqual([]);
    await router.dispatch('models.import', { path: '/tmp/m.gguf' }, { transport: 'ws' });
    expect(seen).toEqual(['/tmp/m.gguf']);
  });

  it('refuses them over the WebSocket before the handler or the input is looked at', async () => {
    const calls: string[] = [];
    const handlers = {
      vault: {
        importPaths: () => {
          calls.push('importPaths');
          return { job: 'j', items: [] };
        },
        exportIdentity: () => {
          calls.push('exportIdentity');
          return { identity: 'AGE-SECRET-KEY-1' };
        },
      },
    } as unknown as ContractHandlers;
    const router = new Router(handlers, silentLogger());
    const ws = await router.dispatch('vault.importPaths', { paths: ['/etc/shadow'] }, { transport: 'ws' });
    expect(ws).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(!ws.ok && ws.error.message).toMatch(/upload or download/);
    // Bad input gets the same answer: nothing about the schema leaks to a caller who may not call.
    expect(await router.dispatch('vault.importPaths', { nope: 1 }, { transport: 'ws' })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(calls).toEqual([]);
    for (const transport of ['ipc', 'socket', 'local'] as const) {
      expect(await router.dispatch('vault.importPaths', { paths: ['/tmp/x'] }, { transport })).toMatchObject({
        ok: true,
      });
    }
    expect(calls).toEqual(['importPaths', 'importPaths', 'importPaths']);
    expect(
      await router.dispatch('vault.exportIdentity', { passphrase: 'p' }, { transport: 'ipc' }),
    ).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await router.dispatch('vault.exportIdentity', { passphrase: 'p' }, { transport: 'socket' }),
    ).toMatchObject({
      ok: true,
    });
  });
});
