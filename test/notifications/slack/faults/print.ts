/*
 * Prints the fault table without asserting (on main's handler most rows fail: that is the issue's
 * table): `npx ts-node -T -P tsconfig.dev.json test/notifications/slack/faults/print.ts [scenario name…]`.
 */
import { forwarderTemplate } from './forwarder-template';
import { renderFaultTable, runFaultScenarios } from './scenarios';
import { pipelineSettings } from './simulation';

async function main() {
  const names = process.argv.slice(2);
  const t0 = Date.now();
  const rows = await runFaultScenarios(names.length ? names : undefined);
  process.stdout.write(`${renderFaultTable(rows, pipelineSettings(forwarderTemplate()))}\n\n(${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  if (process.env.FAULTS_VERBOSE) for (const r of rows) process.stdout.write(`\n## ${r.scenario}: ${r.invocations} invocations, ${r.simulatedHours.toFixed(1)} h\n${r.problems.join('\n')}\n${r.log}\n`);
}

void main();
