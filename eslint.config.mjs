import nx from '@nx/eslint-plugin';
import vue from 'eslint-plugin-vue';
import prettierOff from 'eslint-config-prettier/flat';
import tseslint from 'typescript-eslint';

const SCOPE_DOOR =
  'Read through ScopedDb / ScopedTx (@zhtj/api/db): the scope rules, or a named key of UNSCOPED_READS with its reason (libs/api/db/src/lib/unscoped-reads.ts).';

/**
 * Bounded contexts of the API (issue 25): each a library `libs/api/<name>` tagged `context:<name>`
 * that owns its entities and their scope rules (its `persistence.ts`), and the contexts it may use
 * — read from the imports, and acyclic: a context uses only contexts listed above it. Another
 * context's entity is imported through its owner's index (`@zhtj/api/members`); where the owner
 * sits above, the table is read by name (`ScopedDb.query('member', …)`) or by SQL.
 */
const CONTEXT_USES = {
  regions: [],
  audit: [],
  orgs: ['regions'],
  members: ['orgs', 'regions'],
  auth: ['members', 'orgs'],
  transfers: ['auth', 'members', 'orgs', 'regions'],
  graduation: ['members', 'orgs', 'transfers'],
  metrics: ['orgs'],
};
const CONTEXTS = Object.keys(CONTEXT_USES);

/**
 * Below every context: `context:shared` (libs/domain, the HTTP contract) and `context:platform`
 * (api-core, api-db, api-telemetry, api-datagen: infrastructure, which imports no context). Above
 * them all: `context:composition` (api-shell, api-bootstrap, the API and generate apps, the e2e
 * tests), which puts the contexts together.
 */
function contextConstraints() {
  const below = ['context:shared', 'context:platform'];
  CONTEXTS.forEach((c, i) => {
    for (const u of CONTEXT_USES[c])
      if (!CONTEXTS.slice(0, i).includes(u)) throw new Error(`context:${c} may use only contexts listed above it, not context:${u}`);
  });
  return [
    { sourceTag: 'context:shared', onlyDependOnLibsWithTags: ['context:shared'] },
    { sourceTag: 'context:platform', onlyDependOnLibsWithTags: below },
    ...CONTEXTS.map((c) => ({
      sourceTag: `context:${c}`,
      onlyDependOnLibsWithTags: [...below, ...CONTEXT_USES[c].map((u) => `context:${u}`)],
    })),
    {
      sourceTag: 'context:composition',
      onlyDependOnLibsWithTags: [...below, ...CONTEXTS.map((c) => `context:${c}`), 'context:composition'],
    },
  ];
}

// Module boundaries (STYLE.md): type, scope and context tags; never a `*` → `*` constraint.
const depConstraints = [
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:domain', 'type:util'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access'] },
  { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:ui'] },
  {
    sourceTag: 'type:feature',
    onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access', 'type:ui', 'type:feature'],
  },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access', 'type:ui', 'type:feature'],
  },
  {
    sourceTag: 'type:e2e',
    onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access', 'type:feature', 'type:app'],
  },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  // The shared HTTP contract (libs/shared/contract, type:util + scope:shared) is imported by the API
  // and the console alike; it holds plain types and may itself use only the domain vocabulary.
  { allSourceTags: ['type:util', 'scope:shared'], onlyDependOnLibsWithTags: ['type:domain'] },
  { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
  { sourceTag: 'scope:admin', onlyDependOnLibsWithTags: ['scope:admin', 'scope:shared'] },
  ...contextConstraints(),
];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/tmp', '**/coverage', '**/*.d.ts', '**/test-output'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    plugins: { '@typescript-eslint': tseslint.plugin },
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' } },
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.vue'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints, checkDynamicDependenciesExceptions: [] },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    // Scope by construction (issue 21): a feature library reaches the database only through
    // ScopedDb (libs/api/db) — reads through the scope rules (SCOPE_RULES, REGION_SCOPE), a
    // transaction as a ScopedTx, and the named exceptions of UNSCOPED_READS (unscoped-reads.ts),
    // each with its reason. No manager, data source or DataScope of its own; no deep import of the
    // db library. Checked by apps/api-e2e/src/scope-lint.spec.ts on a planted bypass.
    // Every context library (CONTEXT_USES); not the composition root (api-shell, api-bootstrap).
    files: [`libs/api/{${CONTEXTS.join(',')}}/src/**/*.ts`],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@nestjs/typeorm', message: SCOPE_DOOR },
            {
              name: 'typeorm',
              importNames: ['DataSource', 'EntityManager', 'Repository', 'getManager', 'getRepository'],
              message: SCOPE_DOOR,
            },
            { name: '@zhtj/api/db', importNames: ['DataScope', 'managerOf'], message: SCOPE_DOOR },
          ],
          patterns: [{ group: ['@zhtj/api/db/*'], message: SCOPE_DOOR }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='manager']", message: `No EntityManager in a feature library. ${SCOPE_DOOR}` },
        {
          selector: 'MemberExpression[property.name=/^(managerUnscoped|queryUnscoped|createQueryRunner|connection)$/]',
          message: SCOPE_DOOR,
        },
        { selector: 'Decorator[expression.callee.name=/^Inject(DataSource|EntityManager|Repository)$/]', message: SCOPE_DOOR },
      ],
    },
  },
  {
    // The domain library is pure: no framework, no I/O (STYLE.md).
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'pg', 'vue', 'vue-router', 'pinia', 'element-plus', 'echarts', 'node:*', 'fs', 'path'],
              message: 'libs/domain is pure TypeScript: no frameworks or I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    // The console in one style (issue 25): components and stores reach the API through the
    // per-context modules of libs/admin/data-access/src/lib/api (over the one typed client), never
    // with fetch of their own.
    files: ['libs/admin/**/*.{ts,vue}', 'apps/admin/src/**/*.{ts,vue}'],
    ignores: ['libs/admin/data-access/src/lib/api/**', 'libs/admin/data-access/src/lib/api-client.ts', '**/*.spec.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Call the API through @zhtj/admin/data-access (api/<context>.ts), not fetch.' },
      ],
    },
  },
  // Layout is Prettier's (.prettierrc.json, checked by `npm run lint`): the stylistic rules that
  // would disagree with it are off.
  prettierOff,
];
