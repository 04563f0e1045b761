import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const utilBanned = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'ioredis',
  'bullmq',
  'express',
  'class-validator',
  'class-transformer',
  '@electric-sql/*',
  'typeorm-pglite',
];

export default tseslint.config(
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/coverage',
      '.nx',
      '.data',
      '.sigstead',
      '**/*.mjs',
      '**/*.cjs',
      '**/*.js',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.spec.json'], tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Types. util: pure spec logic; platform: Nest/DB infrastructure; data-access: adapters
            // behind ports; feature: Nest modules with use cases; app: wiring; e2e: real clients.
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util'],
              bannedExternalImports: utilBanned,
            },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: ['type:util', 'type:platform'],
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:data-access', 'type:platform', 'type:util'],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: ['type:data-access', 'type:platform', 'type:util'],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:data-access',
                'type:platform',
                'type:util',
              ],
            },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
            // Scopes: each service's code sees its own scope and shared; the all-in-one sees all.
            { sourceTag: 'scope:ca', onlyDependOnLibsWithTags: ['scope:ca', 'scope:shared'] },
            { sourceTag: 'scope:ct', onlyDependOnLibsWithTags: ['scope:ct', 'scope:shared'] },
            { sourceTag: 'scope:rekor', onlyDependOnLibsWithTags: ['scope:rekor', 'scope:shared'] },
            { sourceTag: 'scope:tuf', onlyDependOnLibsWithTags: ['scope:tuf', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['*'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'e2e/**/*.ts', '**/testdata/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
