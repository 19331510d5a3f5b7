import nx from '@nx/eslint-plugin';
import vue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';

// Module boundaries (STYLE.md): type and scope tags; never a `*` → `*` constraint.
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
    // Scope is structural (issue 10): feature services and controllers reach the database through
    // ScopedDb (libs/api/db: one scoped repository per entity, bypasses named …Unscoped), never
    // through a DataSource of their own.
    files: ['libs/api/*/src/lib/**/*.ts'],
    ignores: [
      'libs/api/db/**',
      'libs/api/core/**',
      // the composition root (bootstrap, migrations), not a feature:
      'libs/api/shell/**',
      '**/*.spec.ts',
      // Named exceptions, each with its reason:
      // the guard loads the caller (user, org, path) before there is a scope to apply;
      'libs/api/auth/src/lib/auth.guard.ts',
      // system jobs over the whole country, run by the schedule or the national admin (…Unscoped methods);
      'libs/api/transfers/src/lib/auto-return.ts',
      'libs/api/graduation/src/lib/graduates-org.job.ts',
      // monitoring reads over the whole country on scrape, and the metrics_check() job (issue 24);
      'libs/api/telemetry/src/lib/work-gauges.ts',
      'libs/api/telemetry/src/lib/metrics-check.job.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@nestjs/typeorm', importNames: ['InjectDataSource', 'InjectEntityManager', 'InjectRepository'], message: 'Use ScopedDb (@zhtj/api/db): scoped repositories, bypasses named …Unscoped.' },
            { name: 'typeorm', importNames: ['DataSource', 'Repository'], message: 'Use ScopedDb (@zhtj/api/db): scoped repositories, bypasses named …Unscoped.' },
          ],
        },
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
            { group: ['@nestjs/*', 'typeorm', 'pg', 'vue', 'vue-router', 'pinia', 'element-plus', 'echarts', 'node:*', 'fs', 'path'], message: 'libs/domain is pure TypeScript: no frameworks or I/O.' },
          ],
        },
      ],
    },
  },
];
