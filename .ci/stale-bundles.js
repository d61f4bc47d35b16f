#!/usr/bin/env node
// Whether the Lambda handler bundles (assets/**/index.js, the --outfile of projen's `bundle:*.lambda`
// tasks) must be made again: one is missing, or one is older than a file it is made from (a TypeScript
// file under src/, or .projen/tasks.json and tsconfig.dev.json, which hold esbuild's flags and options).
// - As a module: staleBundles(root) says why, or returns undefined when all are up to date (the jest
//   global setup, test/support/global-setup.ts, bundles before a run when they are stale).
// - As a command: the condition of projen's `bundle` task (`.projenrc.ts`), so that the build, the
//   tests, the benchmarks and the example bundle once: exits 0 and says why when the bundles must be
//   made, 1 when they are up to date (projen then skips the task).
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

/** The bundles projen's `bundle:*.lambda` tasks write (their --outfile), as absolute paths. */
function bundleOutputs(root = ROOT) {
  const tasks = JSON.parse(fs.readFileSync(path.join(root, '.projen', 'tasks.json'), 'utf8')).tasks;
  const outputs = [];
  for (const [name, task] of Object.entries(tasks)) {
    if (!/^bundle:.*\.lambda$/.test(name)) continue;
    for (const step of task.steps ?? []) {
      const m = /--outfile=(\S+)/.exec(step.exec ?? '');
      if (m) outputs.push(path.join(root, m[1].replace(/^['"]|['"]$/g, '')));
    }
  }
  return outputs;
}

/** Newest modification time of the TypeScript files under `dir`. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Why the bundles must be made again, or undefined when they are up to date. */
function staleBundles(root = ROOT) {
  const outputs = bundleOutputs(root);
  if (outputs.length === 0) return 'no bundle:*.lambda task found in .projen/tasks.json';
  const missing = outputs.filter((o) => !fs.existsSync(o));
  if (missing.length > 0) return `missing: ${missing.map((m) => path.relative(root, m)).join(', ')}`;
  const inputs = [['src/', newestSource(path.join(root, 'src'))]];
  for (const file of ['.projen/tasks.json', 'tsconfig.dev.json']) {
    const p = path.join(root, file);
    if (fs.existsSync(p)) inputs.push([file, fs.statSync(p).mtimeMs]);
  }
  for (const [input, mtime] of inputs) {
    const old = outputs.filter((o) => fs.statSync(o).mtimeMs < mtime);
    if (old.length > 0) return `older than ${input}: ${old.map((m) => path.relative(root, m)).join(', ')}`;
  }
  return undefined;
}

module.exports = { bundleOutputs, newestSource, staleBundles };

if (require.main === module) {
  const why = staleBundles(process.argv[2] ?? ROOT);
  process.stderr.write(why === undefined ? 'Lambda handler bundles up to date: not bundling again\n' : `Bundling the Lambda handlers (${why})\n`);
  process.exitCode = why === undefined ? 1 : 0;
}
