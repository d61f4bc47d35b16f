// @ts-check
/**
 * jest `--filter` of the newest-aws-cdk-lib run (`projen test:latest`): keeps the test files that load
 * aws-cdk-lib, directly or through any chain of relative imports (src/, example/, test helpers), and
 * drops the others (handler tests, moto and storm tests: the same code on either aws-cdk-lib, already
 * run by the floor run). Read from the source text, like test/support/source-imports.ts, and
 * conservative: any mention of aws-cdk-lib, constructs, cdk-nag or an @aws-cdk/ package in an import,
 * export, require() or import() keeps the file; only `import type`/`export type` statements, which
 * TypeScript always erases, load nothing.
 * Plain JavaScript: jest loads a filter with require(), before any transform.
 */
'use strict';
const fs = require('fs');
const path = require('path');

/** Packages that are or load aws-cdk-lib (the moduleNameMapper of the newest run swaps them). */
const CDK_PACKAGE = /^(aws-cdk-lib|constructs|cdk-nag|@aws-cdk\/[^/]+)(\/|$)/;
/** Module specifiers of import/export … from, bare import, require(), import(), jest.mock(). */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*|\bjest\.mock\s*\(\s*)['"]([^'"]+)['"]/g;

/** `import type … from '…'` and `export type … from '…'`: erased by TypeScript, never loaded. */
const TYPE_ONLY = /^\s*(?:import|export)\s+type\b[^'"]*?from\s*['"][^'"]+['"]/gm;

/** The file a relative specifier names, or undefined (a data file, or none). */
function resolveRelative(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')];
  return candidates.find((p) => /\.(ts|js)$/.test(p) && fs.existsSync(p) && fs.statSync(p).isFile());
}

/**
 * Whether a file loads aws-cdk-lib, itself or through its relative imports (transitively): whether any
 * file it reaches imports one of the packages. Only positive answers are remembered (`loading`): a
 * negative one found inside an import cycle may depend on a file still being read.
 * @param {string} file absolute path
 * @param {Set<string>} [loading] files known to load aws-cdk-lib (shared between calls)
 * @param {Set<string>} [seen] files reached in this call
 * @returns {boolean}
 */
function loadsAwsCdkLib(file, loading = new Set(), seen = new Set()) {
  if (loading.has(file)) return true;
  if (seen.has(file)) return false;
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8').replace(TYPE_ONLY, '');
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1];
    const target = spec.startsWith('.') ? resolveRelative(file, spec) : undefined;
    if (CDK_PACKAGE.test(spec) || (target && loadsAwsCdkLib(target, loading, seen))) {
      loading.add(file);
      return true;
    }
  }
  return false;
}

/**
 * The jest filter.
 * @param {string[]} testPaths
 * @returns {Promise<{ filtered: string[] }>}
 */
async function filter(testPaths) {
  const loading = new Set();
  const filtered = testPaths.filter((p) => loadsAwsCdkLib(p, loading));
  process.stderr.write(`newest aws-cdk-lib: ${filtered.length} of ${testPaths.length} test files load aws-cdk-lib ` +
    '(the others load none and ran on the floor run; test/support/newest-cdk-filter.js)\n');
  return { filtered };
}

module.exports = filter;
module.exports.loadsAwsCdkLib = loadsAwsCdkLib;
