import tseslint from "typescript-eslint";

/**
 * Promise hygiene for code that reaches the database: every query is async on both
 * engines, and a promise nobody awaits is a write that may land after its transaction.
 */
export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", "db/migrations/**", "db/migrations-pg/**", "playwright-report/**", "test-results/**", "next-env.d.ts"] },
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
    },
  },
);
