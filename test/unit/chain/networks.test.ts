import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anvilBinary, anvilPackage } from '../../../src-main/chain/devnet/binary.js';
import { devnetFiles, promoteExitDump, readNetworkFile } from '../../../src-main/chain/devnet/files.js';
import { checkChainId, parseRpcUrl, rpcOrigin } from '../../../src-main/chain/networks-rpc.js';
import { SahelError } from '../../../src-shared/errors.js';
import { tempDir } from '../../support/tmp.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return SahelError.is(err) ? err.code : 'not a SahelError';
  }
  return 'no error';
};

describe('RPC URLs are untrusted input', () => {
  it('accepts http, https, ws and wss', () => {
    for (const url of [
      'http://127.0.0.1:8545',
      'https://rpc.example.org/v1/abc',
      'ws://localhost:1',
      'wss://x.io',
    ])
      expect(() => parseRpcUrl(url)).not.toThrow();
  });

  it('refuses other schemes, credentials in the URL, garbage and non-strings with BAD_INPUT', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ftp://x',
      'http://user:pw@host/',
      '',
      'not a url',
      42,
      null,
    ])
      expect(codeOf(() => parseRpcUrl(url))).toBe('BAD_INPUT');
  });

  it('messages name the host only, never the path (API keys live there)', () => {
    expect(rpcOrigin('https://mainnet.example.io/v3/SECRETKEY')).toBe('https://mainnet.example.io');
  });

  it('an RPC that does not answer is UNAVAILABLE, naming no secret', async () => {
    const err = await checkChainId('http://127.0.0.1:1/v3/SECRETKEY', 1).catch((e: unknown) => e);
    expect(SahelError.is(err) && err.code).toBe('UNAVAILABLE');
    expect(String((err as Error).message)).not.toContain('SECRETKEY');
  });
});

describe('the devnet binary', () => {
  it('maps each supported platform to its npm package and refuses the others with UNAVAILABLE', () => {
    expect(anvilPackage('linux', 'x64')).toBe('@foundry-rs/anvil-linux-amd64');
    expect(anvilPackage('darwin', 'arm64')).toBe('@foundry-rs/anvil-darwin-arm64');
    expect(anvilPackage('win32', 'x64')).toBe('@foundry-rs/anvil-win32-amd64');
    expect(codeOf(() => anvilPackage('freebsd', 'x64'))).toBe('UNAVAILABLE');
    expect(codeOf(() => anvilPackage('linux', 'ia32'))).toBe('UNAVAILABLE');
  });

  it('finds the installed binary here, and a package that is not installed is UNAVAILABLE (never downloaded)', () => {
    if (process.platform === 'linux' && process.arch === 'x64') expect(anvilBinary()).toMatch(/anvil$/);
    const root = mkdtempSync(join(tmpdir(), 'sahel-noanvil-'));
    expect(codeOf(() => anvilBinary(root, 'darwin', 'arm64'))).toBe('UNAVAILABLE');
  });
});

describe('devnet files', () => {
  const dump = (block: number) =>
    JSON.stringify({ block: { number: `0x${block.toString(16)}` }, accounts: {} });

  it("promotes anvil's exit dump only when it is whole and newer than the saved state", () => {
    const f = devnetFiles(tempDir());
    mkdirSync(f.dir, { recursive: true });
    writeFileSync(f.state, dump(5));
    writeFileSync(f.exitDump, dump(7).slice(0, 20)); // cut short by a crash
    promoteExitDump(f);
    expect(JSON.parse(readFileSync(f.state, 'utf8')).block.number).toBe('0x5');
    writeFileSync(f.exitDump, dump(4));
    promoteExitDump(f);
    expect(JSON.parse(readFileSync(f.state, 'utf8')).block.number).toBe('0x5');
    writeFileSync(f.exitDump, dump(9));
    promoteExitDump(f);
    expect(JSON.parse(readFileSync(f.state, 'utf8')).block.number).toBe('0x9');
  });

  it('a network file with a bad URL, a bad address or extra nonsense is not read', () => {
    const dir = tempDir();
    const file = join(dir, 'n.json');
    const good = {
      format: 'sahel-network/1',
      name: 'devnet',
      rpcUrl: 'http://127.0.0.1:8545',
      chainId: 31337,
      contracts: {
        paymentToken: `0x${'1'.repeat(40)}`,
        assetRegistry: `0x${'2'.repeat(40)}`,
        marketplace: `0x${'3'.repeat(40)}`,
      },
    };
    writeFileSync(file, JSON.stringify(good));
    expect(readNetworkFile(file)).toEqual(good); // a file from before `kind` still reads
    writeFileSync(file, JSON.stringify({ ...good, kind: 'devnet' }));
    expect(readNetworkFile(file)?.kind).toBe('devnet');
    writeFileSync(file, JSON.stringify({ ...good, kind: 'faucet' }));
    expect(readNetworkFile(file)).toBeUndefined();
    writeFileSync(file, JSON.stringify({ ...good, rpcUrl: 'file:///etc/passwd' }));
    expect(readNetworkFile(file)).toBeUndefined();
    writeFileSync(file, JSON.stringify({ ...good, contracts: { ...good.contracts, marketplace: '0x12' } }));
    expect(readNetworkFile(file)).toBeUndefined();
    writeFileSync(file, '{"format":');
    expect(readNetworkFile(file)).toBeUndefined();
  });
});
