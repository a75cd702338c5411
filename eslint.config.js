import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const forbid = (groups) => ['error', { patterns: groups }];

const domainGroups = [
  { group: ['fastify', '@fastify/*', 'fastify-plugin'], message: 'domain/ must not depend on the web framework' },
  { group: ['@camunda8/*', 'zeebe-node'], message: 'domain/ must not depend on the engine SDK' },
  { group: ['**/api/**', '**/workers/**', '**/infra/**', '**/local/**'], message: 'domain/ imports only itself and config/' },
];
// Only a repository touches its mongoose model; the rest take the repository (constants and types of a model file are fine).
const noModels = { group: ['**/*.model.js'], importNamePattern: 'Model$', message: 'only a repository touches a mongoose model: go through the aggregate\'s repository' };

export default tseslint.config(
  { ignores: ['dist/**', 'modeler-ui/dist/**', 'node_modules/**', '.local/**', 'data/**', 'local/mongo-wire/target/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Arrows point one way: api → domain ← workers. The domain knows no web framework, engine SDK or adapter.
  { files: ['domain/**/*.ts'], rules: { 'no-restricted-imports': forbid(domainGroups) } },
  { files: ['domain/**/*.ts'], ignores: ['domain/**/*.repository.ts', 'domain/**/*.model.ts'], rules: { 'no-restricted-imports': forbid([...domainGroups, noModels]) } },
  {
    files: ['api/**/*.ts'],
    rules: { 'no-restricted-imports': forbid([{ group: ['**/workers/**', '**/local/**'], message: 'api/ must not import workers/ or local/' }, noModels]) },
  },
  {
    files: ['workers/**/*.ts'],
    rules: { 'no-restricted-imports': forbid([{ group: ['**/api/**', '**/local/**', 'fastify', '@fastify/*'], message: 'workers/ must not import api/ or local/' }, noModels]) },
  },
  {
    files: ['config/**/*.ts', 'infra/**/*.ts'],
    // infra/ implements the domain's ports: it may read the port's types and raise the domain's errors, nothing else of it
    rules: { 'no-restricted-imports': forbid([{ regex: '(^|/)(api|workers|local)/|(^|/)domain/(?!engine/|shared/domain-error\\.js$|[^/]+/[^/]+\\.port\\.js$)', message: 'config/ and infra/ sit below everything but the domain\'s ports' }]) },
  },
  { files: ['test/**/*.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-unused-expressions': 'off' } },
);
