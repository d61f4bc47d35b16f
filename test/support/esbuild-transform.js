// @ts-check
/**
 * jest transformer for the TypeScript of src/, test/ and example/: esbuild's `transformSync`, file by
 * file, like ts-jest's transpile-only mode (tsconfig.dev.json's `isolatedModules`) but without loading
 * the TypeScript compiler into every worker; the `typecheck` task (tsc) type-checks everything once.
 *
 * The output is what tsc emits for these files in every way the tests can see: CommonJS with
 * `esModuleInterop`'s import semantics, ES2022 classes and fields (`useDefineForClassFields`, tsc's
 * default for that target), strict mode, `import type` and type-only imports erased, enums, and
 * the experimental decorators of tsconfig.json. Source maps go with the code, so stack traces and
 * coverage name the .ts lines.
 *
 * The cache key is the source, its path, esbuild's version and this file: the same for the floor and
 * the newest-aws-cdk-lib run (their jest configurations differ only in moduleNameMapper, which does
 * not change a transpiled file), so one run's transforms serve the other.
 * Plain JavaScript: jest loads a transformer with require(), before any transform.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const esbuild = require('esbuild');

/** The tsconfig.json options that change esbuild's output (the rest only type-check). */
const TSCONFIG_RAW = {
  compilerOptions: {
    target: 'ES2022',
    useDefineForClassFields: true,
    experimentalDecorators: true,
    alwaysStrict: true,
  },
};

const THIS_FILE = fs.readFileSync(__filename);

/** @type {import('@jest/transform').SyncTransformer} */
module.exports = {
  canInstrument: false,
  getCacheKey(sourceText, sourcePath, options) {
    return crypto.createHash('sha256')
      .update(THIS_FILE)
      .update('\0').update(esbuild.version)
      .update('\0').update(sourcePath)
      .update('\0').update(options.instrument ? 'instrument' : '')
      .update('\0').update(sourceText)
      .digest('hex');
  },
  process(sourceText, sourcePath) {
    const result = esbuild.transformSync(sourceText, {
      loader: sourcePath.endsWith('.tsx') ? 'tsx' : sourcePath.endsWith('.ts') ? 'ts' : 'js',
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcefile: sourcePath,
      sourcemap: 'external',
      sourcesContent: true,
      // alwaysStrict: esbuild then starts the output with "use strict", as tsc does.
      tsconfigRaw: TSCONFIG_RAW,
      logLevel: 'silent',
    });
    return { code: result.code, map: result.map };
  },
};

/** ts-node's transpiler interface (`ts-node --transpiler ./test/support/esbuild-transform.js`). */
module.exports.create = function create() {
  return {
    transpile(input, { fileName }) {
      const r = module.exports.process(input, fileName);
      return { outputText: r.code, sourceMapText: r.map };
    },
  };
};
