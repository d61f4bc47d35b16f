/* Where the handler bundles are: read from the bundle tasks projen generated (.projen/tasks.json), not hard-coded. */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/**
 * The bundled `index.js` of a handler, e.g. `bundleFile('slack-forwarder.lambda')`: the `--outfile` of the
 * `bundle:…/<name>` task. Throws when no bundle task (or more than one) matches, naming the tasks there are.
 */
export function bundleFile(name: string): string {
  return path.join(ROOT, bundleTask(name).outfile);
}

/** The `bundle:…/<name>` task's esbuild command line and its `--outfile` (relative to the repository). */
export function bundleTask(name: string): { command: string; outfile: string } {
  const tasks = JSON.parse(fs.readFileSync(path.join(ROOT, '.projen', 'tasks.json'), 'utf8')).tasks as
    { [task: string]: { steps?: Array<{ exec?: string; execArgs?: string[] }> } };
  const names = Object.keys(tasks).filter((t) => /^bundle:.*\.lambda$/.test(t));
  const matching = names.filter((t) => t.endsWith(`/${name}`) || t === `bundle:${name}`);
  if (matching.length !== 1) throw new Error(`bench: ${matching.length} bundle tasks match "${name}" in .projen/tasks.json (there are: ${names.join(', ')})`);
  const step = tasks[matching[0]].steps?.[0];
  const command = step?.exec ?? step?.execArgs?.join(' ') ?? '';
  const outfile = /--outfile=(\S+)/.exec(command)?.[1];
  if (!outfile) throw new Error(`bench: the task ${matching[0]} has no --outfile (${command})`);
  return { command, outfile: outfile.replace(/^['"]|['"]$/g, '') };
}

/** The repository's root. */
export const REPO = ROOT;

/** The Slack forwarder's bundle (index.js) and its asset directory. */
export const FORWARDER_BUNDLE = bundleFile('slack-forwarder.lambda');
export const FORWARDER_ASSET = path.dirname(FORWARDER_BUNDLE);
