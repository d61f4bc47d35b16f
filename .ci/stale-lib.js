#!/usr/bin/env node
// Whether lib/ (the library compiled by jsii, what npm publishes and what the benchmarks load) must be
// compiled again: lib/index.js is missing, or older than a TypeScript file under src/ or tsconfig.json.
// - As a module: staleLib(root) says why, or returns undefined when lib/ is up to date.
// - As a command: the condition of projen's `bench:lib` task (`.projenrc.ts`): exits 0 and says why when
//   lib/ must be compiled, 1 when it is up to date (projen then skips the task). In `projen build` the
//   compile step has just written lib/, so the benchmarks do not compile it twice.
'use strict';
const fs = require('fs');
const path = require('path');
const { newestSource } = require('./stale-bundles');

const ROOT = path.resolve(__dirname, '..');

/** Why lib/ must be compiled again, or undefined when it is up to date. */
function staleLib(root = ROOT) {
  const index = path.join(root, 'lib', 'index.js');
  if (!fs.existsSync(index)) return 'lib/index.js is missing';
  const built = fs.statSync(index).mtimeMs;
  if (newestSource(path.join(root, 'src')) > built) return 'lib/ is older than src/';
  const tsconfig = path.join(root, 'tsconfig.json');
  if (fs.existsSync(tsconfig) && fs.statSync(tsconfig).mtimeMs > built) return 'lib/ is older than tsconfig.json';
  return undefined;
}

module.exports = { staleLib };

if (require.main === module) {
  const why = staleLib(process.argv[2] ?? ROOT);
  process.stderr.write(why === undefined ? 'lib/ up to date: not compiling again\n' : `Compiling lib/ for the benchmarks (${why})\n`);
  process.exitCode = why === undefined ? 1 : 0;
}
