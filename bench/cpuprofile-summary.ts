/*
 * Sums a V8 .cpuprofile: self time by source file (url) and by function, and total (inclusive) time of the
 * functions named on the command line. Usage: cpuprofile-summary.ts <file.cpuprofile> [top=40] [fn...]
 * SHARE=<regex of file paths> adds the time of the samples with a frame in a matching file (inclusive, counted once).
 */
import * as fs from 'fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[]; hitCount?: number }
const [file, topArg, ...fns] = process.argv.slice(2);
const top = Number(topArg ?? 40);
const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
// UNDER=<function name>: count only the samples with that function on their stack (e.g. synthLibrary).
const under = process.env.UNDER;
const isUnder = (id: number) => {
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) if (byId.get(cur)!.callFrame.functionName === under) return true;
  return false;
};
const self = new Map<number, number>();
prof.samples.forEach((id, i) => {
  if (under && !isUnder(id)) return;
  self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const short = (u: string) => u.replace(/^.*node_modules\//, 'nm/').replace(/^file:\/\/.*?\/(src|bench|test)\//, '$1/');
const fnKey = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const sum = (key: (n: Node) => string) => {
  const m = new Map<string, number>();
  for (const [id, ms] of self) { const k = key(byId.get(id)!); m.set(k, (m.get(k) ?? 0) + ms); }
  return [...m].sort((a, b) => b[1] - a[1]);
};
const print = (title: string, rows: Array<[string, number]>) => {
  console.log(`\n## ${title}`);
  for (const [k, ms] of rows.slice(0, top)) console.log(`${ms.toFixed(0).padStart(8)} ms ${(100 * ms / total).toFixed(1).padStart(5)} %  ${k}`);
};
console.log(`total ${total.toFixed(0)} ms`);
print('self by file', sum((n) => short(n.callFrame.url) || n.callFrame.functionName));
print('self by function', sum(fnKey));
// Inclusive time: a sample counts once for every distinct function on its stack.
const incl = new Map<string, number>();
for (const [id, ms] of self) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const k = fnKey(byId.get(cur)!);
    if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + ms); }
  }
}
const inclRows = [...incl].sort((a, b) => b[1] - a[1]).filter(([k]) => fns.length === 0 || fns.some((f) => k.includes(f)));
print('inclusive by function', inclRows);
// SHARE=<regex>: the time of the samples with a frame in a matching file (e.g. the library's checks), once each.
if (process.env.SHARE) {
  const re = new RegExp(process.env.SHARE);
  let shared = 0;
  for (const [id, ms] of self) {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      if (re.test(byId.get(cur)!.callFrame.url)) { shared += ms; break; }
    }
  }
  if (total > 0) console.log(`\n## samples with a frame in /${process.env.SHARE}/: ${shared.toFixed(0)} ms, ${(100 * shared / total).toFixed(1)} % of ${total.toFixed(0)} ms`);
}
