/**
 * The relative imports between the modules of src/, read from the source text (no compiler): what
 * test/private/import-cycles.test.ts and test/private/concern-imports.test.ts check.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The library's source folder. */
export const SRC = path.resolve(__dirname, '..', '..', 'src');

/** Every TypeScript source file under `dir` (absolute paths). */
export function sources(dir: string = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The relative imports of a file (`import type` and re-exports included), resolved to files. */
export function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']*)'/gm)].map((m) => m[1]);
  return specs.map((spec) => {
    const base = path.resolve(path.dirname(file), spec);
    return [`${base}.ts`, path.join(base, 'index.ts')].find((p) => fs.existsSync(p));
  }).filter((p): p is string => p !== undefined);
}

/** Whether a file is an index that only re-exports (`index.ts`). */
export function isIndex(file: string): boolean {
  return path.basename(file) === 'index.ts';
}

/**
 * The modules a file loads when it imports `target`: an index stands for every module it
 * re-exports, transitively (importing `'../vault'` loads all of src/vault/ that its index names).
 */
export function loadedBy(target: string, seen: Set<string> = new Set()): string[] {
  if (!isIndex(target)) return [target];
  if (seen.has(target)) return [];
  seen.add(target);
  return importsOf(target).flatMap((t) => loadedBy(t, seen));
}

/** A file's path relative to src/, with '/' separators. */
export function relative(file: string): string {
  return path.relative(SRC, file).split(path.sep).join('/');
}
