import * as fs from 'fs';
import * as path from 'path';

const SRC = path.resolve(__dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The relative imports of a file (`import type` and re-exports included), resolved to files. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']*)'/gm)].map((m) => m[1]);
  return specs.map((spec) => {
    const base = path.resolve(path.dirname(file), spec);
    return [`${base}.ts`, path.join(base, 'index.ts')].find((p) => fs.existsSync(p));
  }).filter((p): p is string => p !== undefined);
}

/** Import cycles between modules, index files left out (they only re-export). */
function cycles(): string[][] {
  const files = sources(SRC).filter((f) => path.basename(f) !== 'index.ts');
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((i) => path.basename(i) !== 'index.ts')]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      found.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(SRC, f)));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
    state.set(file, 'done');
  };
  for (const f of files) visit(f, []);
  return found;
}

test('no two modules of src/ import each other, directly or through others', () => {
  expect(cycles()).toEqual([]);
});
