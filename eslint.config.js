import { readdirSync } from 'node:fs';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** What no browser file may import: Node built-ins and anything under server/. */
const browserOnly = [
  { group: ['node:*'], message: 'src/ runs in the browser.' },
  { regex: '(^|/)server(/|$)', message: 'src/ must not import server code.' },
];

/**
 * Each feature folder may use src/components, src/lib and src/contract, never another feature:
 * `../<other>/…` from inside a feature, or any path through `features/<other>`.
 */
const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const featureBoundaries = features.map((feature) => ({
  files: [`src/features/${feature}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...browserOnly,
          { regex: '^\\.\\./(?!\\.\\./)', message: `src/features/${feature} must not import another feature.` },
          { regex: `(^|/)features/(?!${feature}(/|$))`, message: `src/features/${feature} must not import another feature.` },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', '.build/**', 'node_modules/**', 'coverage/**', 'test/e2e/screenshots/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The browser bundle must never pull in server code, vendor schemas or Node built-ins.
      'no-restricted-imports': ['error', { patterns: browserOnly }],
    },
  },
  ...featureBoundaries,
  {
    files: ['src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // Shared by the server and the browser, so nothing but zod and its own files.
          patterns: [{ regex: '^(?!zod$|\\./[^/]+$)', message: 'src/contract imports zod and its own files only.' }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.meta.name='import'][property.name='env']", message: 'No import.meta.env in the contract.' },
      ],
    },
  },
  {
    // The upstream pipeline is vendor-neutral: providers build on it, never the other way round.
    files: ['server/upstream/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)providers(/|$)', message: 'server/upstream must not import server/providers.' }] },
      ],
    },
  },
);
