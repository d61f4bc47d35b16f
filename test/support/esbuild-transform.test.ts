/**
 * test/support/esbuild-transform.js, the jest transformer (and ts-node transpiler) of the project: the
 * code it makes must behave as tsc's output for the same file (tsconfig.dev.json, CommonJS), stack
 * traces must name the .ts lines, and one transform must serve the floor and the newest run.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformer = require('./esbuild-transform.js') as {
  process(source: string, file: string): { code: string; map: string };
  getCacheKey(source: string, file: string, options: { configString: string; instrument?: boolean }): string;
  create(): { transpile(input: string, options: { fileName: string }): { outputText: string; sourceMapText?: string } };
};

const ROOT = path.resolve(__dirname, '..', '..');

/** tsc's output for a file: tsconfig.dev.json's options, CommonJS (as ts-jest and ts-node emitted it). */
function tscOutput(source: string, file: string): string {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.dev.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  })!;
  return ts.transpileModule(source, {
    compilerOptions: { ...config.options, module: ts.ModuleKind.CommonJS, inlineSourceMap: false, sourceMap: false },
    fileName: file,
  }).outputText;
}

/**
 * Runs CommonJS code as a module whose require() serves `modules` (module.exports values) and fails
 * on anything else; returns its exports.
 */
function run(code: string, modules: Record<string, unknown> = {}): any {
  const module = { exports: {} as any };
  const require = (id: string) => {
    if (!(id in modules)) throw new Error(`required ${id}`);
    return modules[id];
  };
  new Function('exports', 'require', 'module', code)(module.exports, require, module);
  return module.exports;
}

/** What both compilers' output does with the same source and modules. */
function both(source: string, modules: Record<string, unknown> = {}): { esbuild: any; tsc: any } {
  const file = path.join(ROOT, 'test', 'sample.ts');
  return {
    esbuild: run(transformer.process(source, file).code, modules),
    tsc: run(tscOutput(source, file), modules),
  };
}

describe('the esbuild transform compiles TypeScript as tsc does', () => {
  test('numeric and string enums, with the reverse mapping of numeric members', () => {
    const { esbuild, tsc } = both(`
      export enum Tier { PRODUCTION, STAGING = 5, DEVELOPMENT }
      export enum Mode { ON = 'on', OFF = 'off' }
      export const seen = [Tier.DEVELOPMENT, Tier[5], Mode.OFF, Object.keys(Mode)];`);
    expect(esbuild.seen).toEqual([6, 'STAGING', 'off', ['ON', 'OFF']]);
    expect(esbuild.seen).toEqual(tsc.seen);
    expect({ ...esbuild.Tier }).toEqual({ ...tsc.Tier });
  });

  test('strict mode (alwaysStrict): writing a frozen object throws', () => {
    const source = `
      const frozen = Object.freeze({ a: 1 });
      let threw = false;
      try { (frozen as any).a = 2; } catch { threw = true; }
      export const result = { threw, thisInFunction: (function (this: unknown) { return this; })() };`;
    const { esbuild, tsc } = both(source);
    expect(esbuild.result).toEqual({ threw: true, thisInFunction: undefined });
    expect(esbuild.result).toEqual(tsc.result);
  });

  test('class fields are defined (ES2022, useDefineForClassFields), parameter properties first', () => {
    const { esbuild, tsc } = both(`
      class Base { set value(v: number) { (this as any).viaSetter = v; } }
      export class Derived extends Base {
        value = 1;
        declare notEmitted: string;
        readonly order: string[] = [];
        constructor(private readonly name: string) { super(); this.order.push(this.name); }
      }
      const d = new Derived('x');
      export const seen = { own: Object.keys(d), viaSetter: (d as any).viaSetter, order: d.order };`);
    expect(esbuild.seen).toEqual({ own: ['name', 'value', 'order'], viaSetter: undefined, order: ['x'] });
    expect(esbuild.seen).toEqual(tsc.seen);
  });

  test('imports used only as types, and `import type`, load nothing', () => {
    // (run() throws when the code requires a module it was not given: './types' and './more-types'.)
    const { esbuild, tsc } = both(`
      import { Scope } from './types';
      import type { Named } from './more-types';
      import { join } from 'path';
      export function f(scope: Scope, named?: Named): string { return join(String(scope), String(named)); }`,
    { path: { join: (...parts: string[]) => parts.join('/') } });
    expect(esbuild.f('a', 'b')).toBe('a/b');
    expect(esbuild.f('a', 'b')).toBe(tsc.f('a', 'b'));
  });

  test('esModuleInterop: a default import of a CommonJS module is its module.exports; `import *` sees its members', () => {
    const cjs = Object.assign((x: number) => x + 1, { named: 'n' });
    const esm = { __esModule: true, default: 'the default', named: 'n' };
    const source = `
      import plain from 'cjs';
      import * as star from 'cjs';
      import esDefault, { named } from 'esm';
      export const seen = [plain(1), star.named, typeof star.default, esDefault, named];`;
    const { esbuild, tsc } = both(source, { cjs, esm });
    expect(esbuild.seen).toEqual([2, 'n', 'function', 'the default', 'n']);
    expect(esbuild.seen).toEqual(tsc.seen);
  });

  test('a module marks itself __esModule and exports live bindings, as tsc does', () => {
    const { esbuild, tsc } = both(`
      export let count = 0;
      export function increment() { count++; }
      export default class Thing {}`);
    for (const m of [esbuild, tsc]) {
      m.increment();
      expect(m.__esModule).toBe(true);
      expect(typeof m.default).toBe('function');
    }
    expect(esbuild.count).toBe(1);
    expect(esbuild.count).toBe(tsc.count);
  });
});

describe('in the jest runs', () => {
  test('is the transform of every TypeScript file (package.json "jest")', () => {
    const jest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).jest;
    expect(jest.transform).toEqual({ '^.+\\.[t]sx?$': '<rootDir>/test/support/esbuild-transform.js' });
  });

  test('stack traces name the line of the .ts file (source maps)', () => {
    const lines = fs.readFileSync(__filename, 'utf8').split('\n');
    const expected = lines.findIndex((l) => l.endsWith(`// THE LINE ${'THAT'} THROWS`)) + 1;
    const error = new Error('here'); // THE LINE THAT THROWS
    expect(error.stack).toContain(`${path.basename(__filename)}:${expected}:`);
  });

  test('one cache key for the floor and the newest run (their configurations differ), a new one for another source', () => {
    const file = path.join(ROOT, 'src', 'x.ts');
    const floor = transformer.getCacheKey('export const a = 1;', file, { configString: '{"moduleNameMapper":{}}' });
    const newest = transformer.getCacheKey('export const a = 1;', file, { configString: '{"moduleNameMapper":{"^aws-cdk-lib$":"x"}}' });
    expect(newest).toBe(floor);
    expect(transformer.getCacheKey('export const a = 2;', file, { configString: '' })).not.toBe(floor);
    expect(transformer.getCacheKey('export const a = 1;', path.join(ROOT, 'src', 'y.ts'), { configString: '' })).not.toBe(floor);
    expect(transformer.getCacheKey('export const a = 1;', file, { configString: '', instrument: true })).not.toBe(floor);
  });

  test('serves ts-node too (the benchmarks, the example, the integ apps): the same code and its source map', () => {
    const file = path.join(ROOT, 'bench', 'x.ts');
    const source = 'export enum E { A }\n';
    const out = transformer.create().transpile(source, { fileName: file });
    expect(out.outputText).toBe(transformer.process(source, file).code);
    expect(JSON.parse(out.sourceMapText!).sources).toEqual([file]);
  });
});
