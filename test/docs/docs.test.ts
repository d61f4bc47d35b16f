/**
 * The topic pages under docs/, CONTRIBUTING.md and the README: every page reachable from the README,
 * every relative link and anchor resolving, and every ```ts block of docs/ compiling against the
 * library's source (the README's blocks are compiled by jsii-rosetta in post-compile, which reads only
 * the README and the TSDoc; these pages get the same fixtures, rosetta/*.ts-fixture).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { performancePage } from '../../bench/performance-page';

const ROOT = path.resolve(__dirname, '..', '..');
const DOCS = path.join(ROOT, 'docs');
const pages = fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')).map((f) => path.join(DOCS, f));
const markdown = [path.join(ROOT, 'README.md'), path.join(ROOT, 'CONTRIBUTING.md'), ...pages];
const read = (file: string) => fs.readFileSync(file, 'utf8');

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
export function slug(heading: string): string {
  return heading.replace(/^#+\s*/, '').trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, '').replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of read(file).split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    if (!fenced && /^#{1,6} /.test(line)) out.add(slug(line));
  }
  return out;
}

/** Links outside code blocks and inline code: [label](target). */
function links(file: string): string[] {
  const text = read(file).replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

/** Broken relative links of a Markdown file: the file is missing, or its anchor is no heading there. */
export function brokenLinks(file: string): string[] {
  return links(file).filter((target) => !/^[a-z]+:/.test(target)).flatMap((target) => {
    const [where, anchor] = target.split('#');
    const resolved = where ? path.resolve(path.dirname(file), where) : file;
    if (!fs.existsSync(resolved)) return [`${path.relative(ROOT, file)}: ${target} (no such file)`];
    if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) return [`${path.relative(ROOT, file)}: ${target} (no such heading)`];
    return [];
  });
}

/** The ```ts blocks of a Markdown file, each in its rosetta fixture (`fixture=NAME`, else default). */
function snippets(file: string): { name: string; code: string }[] {
  const out: { name: string; code: string }[] = [];
  const re = /^```ts( fixture=([\w-]+))?\n([\s\S]*?)^```/gm;
  for (const m of read(file).matchAll(re)) {
    const fixture = read(path.join(ROOT, 'rosetta', `${m[2] ?? 'default'}.ts-fixture`));
    const line = read(file).slice(0, m.index).split('\n').length;
    // As rosetta does: the snippet's import and declare statements go to the top of the fixture, the rest at `/// here`.
    const body = m[3].split('\n');
    const hoisted = (l: string) => /^(import|declare) /.test(l);
    const imports = body.filter(hoisted);
    const code = body.filter((l) => !hoisted(l)).join('\n');
    out.push({ name: `${path.basename(file, '.md')}-L${line}.ts`, code: [...imports, fixture.replace('/// here', code)].join('\n') });
  }
  return out;
}

/** Type errors of the snippets, compiled with the project's options, the package name mapped to src/. */
export function compileErrors(blocks: { name: string; code: string }[]): string[] {
  const dir = path.join(ROOT, 'test', 'docs', '__snippets__');
  const files = new Map(blocks.map((b) => [path.join(dir, b.name), b.code]));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    lib: ['lib.es2022.d.ts'],
    paths: { 'cdk-environment-backup': [path.join(ROOT, 'src', 'index.ts')] },
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists(f);
  host.readFile = (f) => files.get(f) ?? readFile(f);
  host.getSourceFile = (f, lang, onError) => files.has(f) ? ts.createSourceFile(f, files.get(f)!, lang) : getSourceFile(f, lang, onError);
  const program = ts.createProgram([...files.keys()], options, host);
  return [...files.keys()].flatMap((f) => ts.getPreEmitDiagnostics(program, program.getSourceFile(f)))
    .map((d) => `${path.basename(d.file?.fileName ?? '?')}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('docs', () => {
  test('the README links every topic page, and every page links back', () => {
    const fromReadme = links(path.join(ROOT, 'README.md')).map((t) => t.split('#')[0]);
    expect(pages.map((p) => path.relative(ROOT, p)).filter((p) => !fromReadme.includes(p))).toEqual([]);
    expect(pages.filter((p) => !links(p).includes('../README.md')).map((p) => path.basename(p))).toEqual([]);
  });

  test('every relative link and anchor of README, CONTRIBUTING and docs/ resolves', () => {
    expect(markdown.flatMap(brokenLinks)).toEqual([]);
  });

  test('the link check can fail: a missing page and a missing heading are reported', () => {
    const probe = path.join(DOCS, '__probe__.md');
    fs.writeFileSync(probe, '# Probe\n\n[a](missing.md) [b](../README.md#no-such-heading) [c](#probe)\n');
    try {
      expect(brokenLinks(probe)).toEqual(['docs/__probe__.md: missing.md (no such file)', 'docs/__probe__.md: ../README.md#no-such-heading (no such heading)']);
    } finally {
      fs.unlinkSync(probe);
    }
  });

  test('docs/performance.md is what `npx projen bench` makes of BENCHMARKS.md (no number typed by hand)', () => {
    expect(read(path.join(DOCS, 'performance.md'))).toBe(performancePage(read(path.join(ROOT, 'BENCHMARKS.md'))));
  });

  test("the README keeps the newcomer's two commands (.ci/run and the example rely on them)", () => {
    const readme = read(path.join(ROOT, 'README.md'));
    expect(readme).toContain('npm ci && npx projen example');
    expect(readme).toContain('npm ci && npx projen build');
  });

  test('the README stays a short user document (about 400 lines at most)', () => {
    expect(read(path.join(ROOT, 'README.md')).split('\n').length).toBeLessThanOrEqual(420);
  });

  test('every TypeScript block of docs/ compiles (and a broken one does not)', () => {
    const blocks = pages.flatMap(snippets);
    expect(blocks.length).toBeGreaterThan(5);
    const broken = { name: 'probe.ts', code: read(path.join(ROOT, 'rosetta', 'default.ts-fixture')).replace('/// here', "new EnvironmentBackup(this, 'X', { environmentNam: 'x' });") };
    const errors = compileErrors([...blocks, broken]);
    expect(errors.filter((e) => !e.startsWith('probe.ts'))).toEqual([]);
    expect(errors.filter((e) => e.startsWith('probe.ts')).join('\n')).toMatch(/environmentNam/);
  });
});
