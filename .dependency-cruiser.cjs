// Layering of docs/ARCHITECTURE.md, enforced: a part may import only the parts listed for it (and src-shared,
// and packages). A lower layer that needs a decision from above gets it through core.ts's wiring.
const mayImport = {
  platform: [],
  store: ['platform'],
  vault: ['platform', 'store'],
  wallet: ['platform', 'store', 'vault'],
  chain: ['platform', 'store', 'vault', 'wallet'],
  market: ['platform', 'store', 'vault', 'wallet', 'chain'],
  llm: ['platform', 'store', 'vault'],
  agent: ['platform', 'store', 'vault', 'wallet', 'chain', 'market', 'llm'],
  tasks: ['platform', 'store', 'vault', 'wallet', 'chain', 'market', 'llm', 'agent'],
  api: ['platform', 'store', 'vault', 'wallet', 'chain', 'market', 'llm', 'agent', 'tasks'],
};

const layerRules = Object.entries(mayImport).map(([layer, allowed]) => ({
  name: `layer-${layer}`,
  comment: `src-main/${layer} may import only: ${allowed.join(', ') || '(nothing else in src-main)'}`,
  severity: 'error',
  from: { path: `^src-main/${layer}/` },
  to: { path: '^src-main/', pathNot: `^src-main/(${[layer, ...allowed].join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    // Each layer's index.ts is its face: the API the rest of src-main may use. Reaching past it into a
    // layer's files (from another layer, core.ts or a shell) couples the caller to the layer's insides.
    // Within a layer, files import each other directly (and never their own face, which would be a cycle).
    {
      name: 'through-faces',
      comment: 'from outside a layer, import src-main/<layer>/index.ts only, never a file behind it',
      severity: 'error',
      from: { path: '^src-main/([^/]+)' },
      to: { path: '^src-main/[^/]+/', pathNot: ['^src-main/$1/', '^src-main/[^/]+/index\\.ts$'] },
    },
    {
      name: 'not-own-face',
      comment: "a layer's files import each other directly, never their own face (a cycle through it)",
      severity: 'error',
      from: { path: '^src-main/([^/]+)/' },
      to: { path: '^src-main/$1/index\\.ts$' },
    },
    // The LLM engine runs in its own process (dist/main/llm-engine.mjs): the owner reaches engine/child/ only
    // by spawning it and speaking engine/protocol.ts, so child code bundled into the owner (or owner code into
    // the child) would be a second copy with its own state, and llama.cpp in the owner process.
    {
      name: 'engine-child-closed',
      comment:
        'src-main/llm/engine/child may import only itself, the shared modules directly in llm/engine/, src-shared and packages',
      severity: 'error',
      from: { path: '^src-main/llm/engine/child/' },
      to: {
        path: '^(src-main|src-renderer|scripts|test|contracts|native)/',
        pathNot: '^src-main/llm/engine/(child/|[^/]+$)',
      },
    },
    {
      name: 'engine-host-not-child',
      comment: 'src-main/llm/engine/host starts the engine as a process; it never imports engine/child',
      severity: 'error',
      from: { path: '^src-main/llm/engine/host/' },
      to: { path: '^src-main/llm/engine/child/' },
    },
    {
      name: 'engine-child-only-as-process',
      comment: 'nothing outside src-main/llm/engine/child imports it: the owner reaches it only as a process',
      severity: 'error',
      from: { pathNot: '^src-main/llm/engine/(child|host)/' },
      to: { path: '^src-main/llm/engine/child/' },
    },
    {
      name: 'engine-shared-not-host',
      comment:
        'the modules directly in src-main/llm/engine/ are used by both sides, so they never import host/',
      severity: 'error',
      from: { path: '^src-main/llm/engine/[^/]+$' },
      to: { path: '^src-main/llm/engine/host/' },
    },
    {
      name: 'core-not-shells',
      comment: 'core.ts composes services; the shells build on it, never the reverse',
      severity: 'error',
      from: { path: '^src-main/core\\.ts$' },
      to: { path: '^src-main/shells/' },
    },
    {
      name: 'shared-is-pure',
      comment: 'src-shared is imported by every part, so it imports nothing but itself and pure packages',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { pathNot: '^src-shared/|node_modules/zod/' },
    },
    {
      name: 'renderer-only-shared',
      comment: 'the renderer talks to the owner through the API only',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^(src-main|contracts|native|scripts|test)/' },
    },
    {
      name: 'renderer-no-node',
      comment: 'the renderer runs in a sandboxed browser context',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
    exclude: { path: '\\.d\\.ts$' },
  },
};
