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

/**
 * Vendor modules are production code and sit below push and the simulator: a vendor's fake is
 * attached where the app is wired (server/simulator/catalog.ts), and what a vendor's webhooks
 * build on is in server/providers/webhooks. One entry per folder depth, so `../push` is refused
 * only where it reaches server/push (a vendor's own `./push` folder is its own).
 */
const providerBoundaries = [1, 2, 3].map((depth) => ({
  files: [`server/providers/${'*/'.repeat(depth - 1)}*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { regex: '(^|/)simulator(/|$)', message: 'server/providers must not import server/simulator: attach simulators at wiring.' },
          { regex: `^(\\.\\./){${depth}}push(/|$)`, message: 'server/providers must not import server/push (it builds on providers).' },
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
    // No module-level mutable state in the server: two BFFs in one process (tests, a bench) must
    // not share a cache, a counter or a policy by accident. State lives in what buildApp and
    // startRoomwatch create and pass down.
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "Program > VariableDeclaration[kind='let']", message: 'No module-level let in server/: keep state in an instance.' },
        { selector: "Program > ExportNamedDeclaration > VariableDeclaration[kind='let']", message: 'No module-level let in server/: keep state in an instance.' },
        {
          selector: "Program > VariableDeclaration > VariableDeclarator:not([id.typeAnnotation.typeAnnotation.typeName.name=/^Readonly/]) > NewExpression[callee.name=/^(Map|Set|WeakMap|WeakSet|LRUCache|Array)$/]",
          message: 'No module-level collection in server/ (a ReadonlySet/ReadonlyMap constant is fine): keep state in an instance.',
        },
        {
          selector: "Program > ExportNamedDeclaration > VariableDeclaration > VariableDeclarator:not([id.typeAnnotation.typeAnnotation.typeName.name=/^Readonly/]) > NewExpression[callee.name=/^(Map|Set|WeakMap|WeakSet|LRUCache|Array)$/]",
          message: 'No module-level collection in server/ (a ReadonlySet/ReadonlyMap constant is fine): keep state in an instance.',
        },
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
  ...providerBoundaries,
);
