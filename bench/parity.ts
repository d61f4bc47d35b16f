/*
 * The parity check: do the library app and the hand-written baseline synthesize the same templates?
 *
 * "The same" means the same resources with the same properties, up to the names the CDK derives from construct
 * paths: logical ids (and so every Ref, Fn::GetAtt, Fn::Sub `${…}` and DependsOn that names one), a string equal to
 * a logical id (a physical name derived from it, such as an inline policy's PolicyName), a construct path quoted in a
 * string (given the assembly's metadata), and the `aws:cdk:path` / `aws:asset:*` resource metadata. Everything else
 * counts, literally: properties, DependsOn, DeletionPolicy, UpdateReplacePolicy, Condition, the other resource
 * metadata, Outputs (by value), and Parameters, Rules, Conditions and Mappings (by name: the apps define no
 * path-derived ones). The cdk-nag acknowledgements and synth messages the library records are construct metadata in
 * the cloud assembly's manifest, not template content: not compared, and not written by the baseline, so their cost
 * counts as the library's overhead.
 *
 * How resources are matched without their logical ids: each resource gets a canonical id, a hash of its type and
 * normalized content in which every reference to another resource is replaced by that resource's canonical id.
 * CloudFormation forbids cycles of Ref, Fn::GetAtt and DependsOn, but references in metadata may form one, so the ids
 * are computed by iterated refinement (Weisfeiler-Lehman): round 0 hashes the content with references blanked, round
 * k+1 hashes it with the targets' round-k ids, until neither template gains a new id. Two templates are the same when
 * their multisets of canonical ids are equal. Differences are reported by pairing the unmatched resources of a type
 * by their fewest differing properties; differences in literal values come first, then those only in what a
 * reference points to (which usually follow from a difference in the target).
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** A CloudFormation template, as JSON. */
export interface CfnTemplate {
  readonly Resources?: { [logicalId: string]: any };
  readonly [section: string]: any;
}

/** The outcome of a comparison. */
export interface ParityResult {
  /** True when no difference was found. */
  readonly same: boolean;
  /** One sentence a difference, literal differences first. */
  readonly differences: string[];
}

/**
 * Construct paths in strings (e.g. a description that names a queue by its path), replaced by the canonical id of the
 * resource they name: built from each resource's construct path (the assembly's `aws:cdk:logicalId` metadata), with and
 * without its last `/Resource` or `/Default`.
 */
export class PathNames {
  private readonly byPath = new Map<string, string>();
  private readonly pattern?: RegExp;

  /** `paths`: logical id → construct path (with or without the leading slash). */
  constructor(paths: { [logicalId: string]: string }) {
    for (const [id, p] of Object.entries(paths)) {
      const full = p.replace(/^\//, '');
      this.byPath.set(full, id);
      const parent = full.replace(/\/(Resource|Default)$/, '');
      if (parent !== full && !this.byPath.has(parent)) this.byPath.set(parent, id);
    }
    const escaped = [...this.byPath.keys()].sort((a, b) => b.length - a.length).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    if (escaped.length) this.pattern = new RegExp(`(${escaped.join('|')})(?![A-Za-z0-9_/-])`, 'g');
  }

  /** `text` with each construct path replaced by `<path of …>` naming its resource by `ref`. */
  replace(text: string, ref: (id: string) => string): string {
    if (!this.pattern || !text.includes('/')) return text;
    return text.replace(this.pattern, (m) => `<path of ${ref(this.byPath.get(m)!)}>`);
  }
}

/** Resource metadata keys that only name construct paths or asset staging (dropped before comparing). */
const PATH_METADATA = /^aws:(cdk:path|asset:)/;
/** Template sections compared literally besides Resources. */
const OTHER_SECTIONS = ['AWSTemplateFormatVersion', 'Description', 'Transform', 'Parameters', 'Rules', 'Conditions', 'Mappings', 'Metadata'];

const hash = (s: string) => createHash('sha1').update(s).digest('hex').slice(0, 12);

/** JSON with object keys sorted, so equal content gives equal text. */
export function stableJson(v: any): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/**
 * A resource's content with every reference to a resource of `ids` replaced by `ref(target)`: Ref, Fn::GetAtt
 * (both forms), the `${Id}` and `${Id.Attr}` of Fn::Sub (not its local variables), DependsOn (as a sorted set), a
 * string equal to a logical id, and construct paths in strings (`paths`); metadata that names paths dropped.
 */
function normalizeResource(self: string, resource: any, ids: Set<string>, ref: (id: string) => string, paths?: PathNames): any {
  const walk = (v: any): any => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'string') {
      if (v === self) return '<its own logical id>';
      if (ids.has(v)) return `<logical id of ${ref(v)}>`;
      return paths ? paths.replace(v, ref) : v;
    }
    if (!v || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const [k] = keys;
      const arg = v[k];
      if (k === 'Ref' && typeof arg === 'string') return { Ref: ids.has(arg) ? ref(arg) : arg };
      if (k === 'Fn::GetAtt') {
        const [target, attr] = Array.isArray(arg) ? arg : [String(arg).split('.')[0], String(arg).split('.').slice(1).join('.')];
        if (typeof target === 'string' && ids.has(target)) return { 'Fn::GetAtt': [ref(target), walk(attr)] };
      }
      if (k === 'Fn::Sub') {
        const [text, vars] = Array.isArray(arg) ? arg : [arg, undefined];
        const local = new Set(Object.keys(vars ?? {}));
        const sub = typeof text === 'string'
          ? text.replace(/\$\{([^!][^}.]*)((?:\.[^}]*)?)\}/g, (m, id: string, attr: string) => (ids.has(id) && !local.has(id) ? `\${${ref(id)}${attr}}` : m))
          : walk(text);
        return { 'Fn::Sub': vars === undefined ? sub : [sub, walk(vars)] };
      }
    }
    const out: any = {};
    for (const k of keys) out[k] = walk(v[k]);
    return out;
  };
  const out: any = {};
  for (const [k, v] of Object.entries<any>(resource)) {
    if (k === 'DependsOn') {
      out.DependsOn = (Array.isArray(v) ? v : [v]).map((d: string) => (ids.has(d) ? ref(d) : d)).sort();
    } else if (k === 'Metadata') {
      const kept = Object.fromEntries(Object.entries<any>(v ?? {}).filter(([m]) => !PATH_METADATA.test(m)));
      if (Object.keys(kept).length) out.Metadata = walk(kept);
    } else {
      out[k] = walk(v);
    }
  }
  return out;
}

/** The canonical ids of two templates' resources, refined in step until neither gains a distinct id. */
function canonicalIds(templates: CfnTemplate[], paths: Array<PathNames | undefined>): Array<Map<string, string>> {
  const resources = templates.map((t) => t.Resources ?? {});
  const idSets = resources.map((r) => new Set(Object.keys(r)));
  let labels = resources.map((r, i) => new Map(Object.keys(r).map((id) => [id, hash(stableJson(normalizeResource(id, r[id], idSets[i], () => '?', paths[i])))])));
  const distinct = (ls: Array<Map<string, string>>) => ls.map((l) => new Set(l.values()).size);
  let counts = distinct(labels);
  const limit = Math.max(1, ...resources.map((r) => Object.keys(r).length));
  for (let round = 0; round < limit; round++) {
    const prev = labels;
    const next = resources.map((r, i) => new Map(Object.keys(r).map((id) =>
      [id, hash(prev[i].get(id)! + stableJson(normalizeResource(id, r[id], idSets[i], (t) => `#${prev[i].get(t)}`, paths[i])))])));
    const nextCounts = distinct(next);
    labels = next;
    if (nextCounts.every((c, i) => c === counts[i])) break;
    counts = nextCounts;
  }
  return labels;
}

/** Leaves of a JSON value: path → value text. */
function leaves(v: any, at = '', out = new Map<string, string>()): Map<string, string> {
  if (at === 'DependsOn') {
    out.set(at, stableJson(v)); // a set: one leaf
  } else if (Array.isArray(v)) {
    if (v.length === 0) out.set(at, '[]');
    v.forEach((x, i) => leaves(x, `${at}[${i}]`, out));
  } else if (v && typeof v === 'object' && !('Ref' in v && Object.keys(v).length === 1) && !('Fn::GetAtt' in v && Object.keys(v).length === 1)) {
    if (Object.keys(v).length === 0) out.set(at, '{}');
    for (const k of Object.keys(v)) leaves(v[k], at ? `${at}.${k}` : k, out);
  } else {
    out.set(at, stableJson(v));
  }
  return out;
}

const short = (s: string | undefined) => (s === undefined ? '(none)' : s.length > 160 ? `${s.slice(0, 157)}...` : s);

/**
 * Compares two templates; `names` label them in messages (e.g. the stacks' names); `paths` (logical id → construct
 * path, of each template) lets construct paths in strings count as names of their resources.
 */
export function compareTemplates(library: CfnTemplate, baseline: CfnTemplate, names: [string, string] = ['library', 'baseline'],
  paths: [{ [logicalId: string]: string }, { [logicalId: string]: string }] = [{}, {}]): ParityResult {
  const pathNames = paths.map((p) => new PathNames(p));
  const literal: string[] = [];
  const byReference: string[] = [];
  const where = `${names[0]} vs ${names[1]}`;
  for (const section of OTHER_SECTIONS) {
    const a = library[section];
    const b = baseline[section];
    if (stableJson(a) !== stableJson(b)) literal.push(`${where}: template section ${section} differs: library ${short(stableJson(a))}, baseline ${short(stableJson(b))}`);
  }
  const [libIds, baseIds] = canonicalIds([library, baseline], pathNames);
  // Outputs: their logical ids come from construct paths too; compared as a multiset of normalized values.
  const outputs = (t: CfnTemplate, ids: Map<string, string>, p: PathNames) => Object.entries<any>(t.Outputs ?? {})
    .map(([id, o]) => stableJson(normalizeResource(id, o, new Set(ids.keys()), (x) => `${t.Resources![x].Type}#${ids.get(x)!.slice(0, 8)}`, p))).sort();
  const [libOut, baseOut] = [outputs(library, libIds, pathNames[0]), outputs(baseline, baseIds, pathNames[1])];
  if (stableJson(libOut) !== stableJson(baseOut)) {
    const only = (a: string[], b: string[]) => a.filter((x) => !b.includes(x)).map(short).join(', ') || '(none)';
    literal.push(`${where}: Outputs differ: only in the library ${only(libOut, baseOut)}; only in the baseline ${only(baseOut, libOut)}`);
  }
  const libRes = library.Resources ?? {};
  const baseRes = baseline.Resources ?? {};
  // Multiset matching on canonical ids.
  const pool = new Map<string, string[]>();
  for (const [id, c] of baseIds) pool.set(c, [...(pool.get(c) ?? []), id]);
  const libOnly: string[] = [];
  for (const [id, c] of libIds) {
    const same = pool.get(c);
    if (same?.length) same.pop();
    else libOnly.push(id);
  }
  const baseOnly = [...pool.values()].flat();
  // Readable normalized forms: a reference names the target's type and canonical id.
  const readable = (t: CfnTemplate, ids: Map<string, string>, id: string, p: PathNames) =>
    normalizeResource(id, t.Resources![id], new Set(ids.keys()), (x) => `${t.Resources![x].Type}#${ids.get(x)!.slice(0, 8)}`, p);
  const libLeaves = new Map(libOnly.map((id) => [id, leaves(readable(library, libIds, id, pathNames[0]))]));
  const baseLeaves = new Map(baseOnly.map((id) => [id, leaves(readable(baseline, baseIds, id, pathNames[1]))]));
  const diffPaths = (a: Map<string, string>, b: Map<string, string>) =>
    [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p)).sort();
  // Pair the unmatched resources of each type, fewest differing leaves first.
  const candidates: Array<{ l: string; b: string; n: number }> = [];
  for (const l of libOnly) {
    for (const b of baseOnly) {
      if (libRes[l].Type === baseRes[b].Type) candidates.push({ l, b, n: diffPaths(libLeaves.get(l)!, baseLeaves.get(b)!).length });
    }
  }
  candidates.sort((x, y) => x.n - y.n || x.l.localeCompare(y.l) || x.b.localeCompare(y.b));
  const pairedL = new Set<string>();
  const pairedB = new Set<string>();
  for (const { l, b } of candidates) {
    if (pairedL.has(l) || pairedB.has(b)) continue;
    pairedL.add(l);
    pairedB.add(b);
    const la = libLeaves.get(l)!;
    const ba = baseLeaves.get(b)!;
    const differing = diffPaths(la, ba);
    const isRef = (v: string | undefined) => v !== undefined && /^(\{"(Ref|Fn::GetAtt)":|"<logical id of )/.test(v);
    const head = `${where}: ${libRes[l].Type} (library ${l}, baseline ${b})`;
    const sameSize = (p: string) => la.has(p) && ba.has(p) && JSON.parse(la.get(p)!).length === JSON.parse(ba.get(p)!).length;
    const lit = differing.filter((p) => !(isRef(la.get(p)) && isRef(ba.get(p))) && !(p === 'DependsOn' && sameSize(p)));
    if (lit.length) {
      literal.push(`${head}: ${lit.map((p) => `${p || '(resource)'}: library ${short(la.get(p))}, baseline ${short(ba.get(p))}`).join('; ')}`);
    } else if (differing.length) {
      byReference.push(`${head}: refers to a resource that differs at ${differing.join(', ')}`);
    } else {
      // Same leaves but different canonical ids: a reference target differs deeper down.
      byReference.push(`${head}: refers to resources that differ`);
    }
  }
  for (const l of libOnly.filter((x) => !pairedL.has(x))) literal.push(`${where}: ${libRes[l].Type} ${l} is only in the library`);
  for (const b of baseOnly.filter((x) => !pairedB.has(x))) literal.push(`${where}: ${baseRes[b].Type} ${b} is only in the baseline`);
  const differences = [...literal, ...byReference];
  return { same: differences.length === 0, differences };
}

/** Compares every template of two cloud assemblies, paired in the order of their stack names. */
export function compareAssemblies(libraryDir: string, baselineDir: string): ParityResult {
  const templates = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.template.json')).sort();
  const lib = templates(libraryDir);
  const base = templates(baselineDir);
  const differences: string[] = [];
  if (lib.length !== base.length) differences.push(`the library has ${lib.length} stack(s), the baseline ${base.length}`);
  for (let i = 0; i < Math.min(lib.length, base.length); i++) {
    const read = (dir: string, f: string) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    const names: [string, string] = [lib[i].replace('.template.json', ''), base[i].replace('.template.json', '')];
    differences.push(...compareTemplates(read(libraryDir, lib[i]), read(baselineDir, base[i]), names,
      [logicalIdPaths(libraryDir, names[0]), logicalIdPaths(baselineDir, names[1])]).differences);
  }
  return { same: differences.length === 0, differences };
}

/** "yes" or "no (N differences: the first few…)", for the report and the quick run's message. */
export function paritySummary(r: ParityResult, first = 3): string {
  if (r.same) return 'yes';
  return `no (${r.differences.length} difference${r.differences.length === 1 ? '' : 's'}: ${r.differences.slice(0, first).join(' | ')}` +
    `${r.differences.length > first ? ' | …' : ''})`;
}

/** Logical id → construct path of a stack's resources, from the cloud assembly's metadata (empty when there is none). */
export function logicalIdPaths(assemblyDir: string, stackName: string): { [logicalId: string]: string } {
  const manifest = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'manifest.json'), 'utf8'));
  const artifact = manifest.artifacts?.[stackName] ?? {};
  const metadata: { [path: string]: Array<{ type: string; data?: any }> } = {
    ...(artifact.metadata ?? {}),
    ...(artifact.additionalMetadataFile ? JSON.parse(fs.readFileSync(path.join(assemblyDir, artifact.additionalMetadataFile), 'utf8')) : {}),
  };
  const out: { [logicalId: string]: string } = {};
  for (const [p, entries] of Object.entries(metadata)) {
    for (const e of entries) if (e.type === 'aws:cdk:logicalId' && typeof e.data === 'string') out[e.data] = p;
  }
  return out;
}

/**
 * The bytes of a cloud assembly's templates with every logical id replaced by one character: what is left to write
 * once the names the CDK derives from construct paths are set aside (two apps with the same templates differ here
 * only by the construct paths their strings quote).
 */
export function bytesWithoutLogicalIds(assemblyDir: string): number {
  let bytes = 0;
  for (const f of fs.readdirSync(assemblyDir).filter((x) => x.endsWith('.template.json'))) {
    const text = fs.readFileSync(path.join(assemblyDir, f), 'utf8');
    const ids = Object.keys(JSON.parse(text).Resources ?? {}).sort((a, b) => b.length - a.length);
    const pattern = ids.length ? new RegExp(ids.map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : undefined;
    bytes += Buffer.byteLength(pattern ? text.replace(pattern, '#') : text);
  }
  return bytes;
}
