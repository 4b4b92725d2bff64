// Lint for the map's browser code (dashboard/static): plain ES5-style scripts that share one namespace,
// window.ConflictMap, and Leaflet's global L. `make test` runs it (npx eslint).
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  js.configs.recommended,
  {
    files: ["dashboard/static/**/*.js"],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: {...globals.browser, L: "readonly"},
    },
    rules: {
      "no-unused-vars": ["error", {args: "none", caughtErrors: "none"}],
      "no-var": "off",
      eqeqeq: "error",
      "no-implicit-globals": "error",
    },
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: {ecmaVersion: 2022, sourceType: "commonjs", globals: {...globals.node}},
  },
];
