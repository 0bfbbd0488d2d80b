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
