import { importsOf, isIndex, loadedBy, relative, sources } from '../support/source-imports';

/**
 * Import cycles between modules. An import of an index counts as an import of every module the
 * index re-exports: that is what Node.js loads, so a cycle through an index is a cycle too.
 */
function cycles(): string[][] {
  const files = sources().filter((f) => !isIndex(f));
  const graph = new Map(files.map((f) => [f, [...new Set(importsOf(f).flatMap((i) => loadedBy(i)))]]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, trail: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      found.push([...trail.slice(trail.indexOf(file)), file].map(relative));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
    state.set(file, 'done');
  };
  for (const f of files) visit(f, []);
  return found;
}

test('no two modules of src/ import each other, directly, through others or through an index', () => {
  expect(cycles()).toEqual([]);
});
