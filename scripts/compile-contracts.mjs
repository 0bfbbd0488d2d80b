#!/usr/bin/env node
// Compiles contracts/*.sol with the npm `solc` package (standard JSON, optimizer on) and writes
// resources/contracts/<Name>.json for the shipped contracts. Deterministic: same sources, same files.
// `--check` compiles in memory and exits 1 listing the artifacts that differ from what is on disk.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc');

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CONTRACTS_DIR = join(ROOT, 'contracts');
export const ARTIFACTS_DIR = join(ROOT, 'resources', 'contracts');
/** The contracts whose artifacts are shipped. */
export const SHIPPED = ['PaymentToken', 'AssetRegistry', 'Marketplace'];

/** Resolves `@openzeppelin/...` (and any other package import) from node_modules. */
function findImports(path) {
  const candidates = [join(ROOT, 'node_modules', path), join(CONTRACTS_DIR, path)];
  for (const file of candidates) {
    if (existsSync(file)) return { contents: readFileSync(file, 'utf8') };
  }
  return { error: `import not found: ${path}` };
}

/**
 * Compiles the given sources (a map from source unit name to its text) and returns solc's output.
 * Throws on any compiler error.
 * @param {Record<string, string>} sources
 */
export function compileSources(sources) {
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(
      Object.keys(sources)
        .sort()
        .map((name) => [name, { content: sources[name] }]),
    ),
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      viaIR: true,
      metadata: { bytecodeHash: 'none' },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  }
  return output;
}

/** Reads every contracts/*.sol, keyed as `contracts/<file>`. */
export function readContractSources() {
  const sources = {};
  for (const file of readdirSync(CONTRACTS_DIR).sort()) {
    if (file.endsWith('.sol')) sources[`contracts/${file}`] = readFileSync(join(CONTRACTS_DIR, file), 'utf8');
  }
  return sources;
}

/** Compiles contracts/*.sol and returns { [Name]: fileText } for the shipped artifacts. */
export function buildArtifacts() {
  const sources = readContractSources();
  const output = compileSources(sources);
  const sourceHash = createHash('sha256');
  for (const name of Object.keys(sources).sort()) {
    sourceHash.update(`${name}\0${sources[name]}\0`);
  }
  const digest = `0x${sourceHash.digest('hex')}`;
  const files = {};
  for (const name of SHIPPED) {
    const unit = `contracts/${name}.sol`;
    const c = output.contracts?.[unit]?.[name];
    if (!c) throw new Error(`no output for ${unit}:${name}`);
    const artifact = {
      contractName: name,
      abi: c.abi,
      bytecode: `0x${c.evm.bytecode.object}`,
      deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
      solcVersion: solc.version(),
      sourceHash: digest,
    };
    files[name] = `${JSON.stringify(artifact, null, 2)}\n`;
  }
  return files;
}

/** Names of the artifacts on disk that differ from `files` (missing ones included). */
export function diffArtifacts(files) {
  const differ = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(ARTIFACTS_DIR, `${name}.json`);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text)
      differ.push(`resources/contracts/${name}.json`);
  }
  return differ;
}

function main() {
  const check = process.argv.includes('--check');
  const started = performance.now();
  const files = buildArtifacts();
  const ms = Math.round(performance.now() - started);
  if (check) {
    const differ = diffArtifacts(files);
    if (differ.length > 0) {
      console.error(
        `contract artifacts out of date (run node scripts/compile-contracts.mjs):\n${differ.join('\n')}`,
      );
      process.exit(1);
    }
    console.log(`contract artifacts up to date (${ms} ms)`);
    return;
  }
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(ARTIFACTS_DIR, `${name}.json`), text);
  console.log(`wrote ${Object.keys(files).length} artifacts to resources/contracts (${ms} ms)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
