#!/usr/bin/env node
// Runs independent build steps side by side (projen runs a task's steps one after another): each argument
// is a shell command, e.g. `node .ci/parallel.js 'projen typecheck' 'projen eslint'`. Each command's
// output (stdout and stderr, in order) is printed in one piece when it ends, so logs do not interleave.
// Exits 1 when any command fails (a non-zero exit, a signal, or it could not start), after all ended.
'use strict';
const { spawn } = require('child_process');

function run(command) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (d) => chunks.push(d));
    child.stderr.on('data', (d) => chunks.push(d));
    child.once('error', (e) => resolve({ command, ok: false, why: e.message, output: Buffer.concat(chunks), started }));
    child.once('close', (code, signal) => resolve({
      command,
      ok: code === 0,
      why: signal ? `killed by ${signal}` : `exit ${code}`,
      output: Buffer.concat(chunks),
      started,
    }));
  });
}

async function main(commands) {
  if (commands.length === 0) {
    console.error('usage: node .ci/parallel.js <command> [<command> ...]');
    return 2;
  }
  let failed = 0;
  await Promise.all(commands.map(async (command) => {
    const result = await run(command);
    const seconds = ((Date.now() - result.started) / 1000).toFixed(1);
    process.stdout.write(`\n---- ${command} (${result.ok ? 'ok' : `FAILED: ${result.why}`}, ${seconds} s)\n`);
    process.stdout.write(result.output);
    if (!result.ok) failed++;
  }));
  if (failed > 0) console.error(`error: ${failed} of ${commands.length} parallel command(s) failed`);
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
