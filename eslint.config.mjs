import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", "db/migrations/**", "db/migrations-pg/**", "playwright-report/**", "test-results/**", "next-env.d.ts"] },
  {
    /**
     * Promise hygiene for code that reaches the database: every query is async on both
     * engines, and a promise nobody awaits is a write that may land after its transaction.
     */
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
    },
  },
  // The pages and their components: Next.js's own rules and the rules of hooks (React Compiler's included).
  { files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"], ...nextPlugin.configs.recommended },
  { files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"], ...nextPlugin.configs["core-web-vitals"] },
  { files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"], ...reactHooks.configs.flat.recommended },
);
