/*
 * The fault scenarios of issue 20 ("Measured, not asserted by timers"), run by the simulation
 * (simulation.ts) on the template's own settings; `runFaultScenarios()` returns one row each, for
 * the jest test (slack-forwarder.faults.test.ts, assertions) and the benchmark (BENCHMARKS.md).
 */
import { recordedSettings } from './recorded-settings';
import { Faults, PipelineSettings, SlackBehaviour, Simulation, snsEnvelope, START_MS } from './simulation';
import { ORGANIZATION_JOB_EVENT_KIND } from '../../../../src/private/handler/organization-job-event';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Notifications per environment: a digest lists up to 10 jobs, so every job shown is named in a post. */
const PER_ENVIRONMENT = 10;

export interface FaultScenario {
  readonly name: string;
  /** Failures in (distinct notifications). */
  readonly failures: number;
  readonly faults: Faults;
  /** When the fault ends (ms after the start): Slack or the configuration is fixed. */
  readonly recoveryMs: number;
  /** A permanent error (tell a person within 15 min) or a stall long enough that the queue ages (within 15 min of the age alarm's threshold). */
  readonly tellWithinMs?: number;
  /** Each notification is delivered again by SQS this much later (a duplicate). */
  readonly duplicateAfterMs?: number;
  /** Also this many poison records (vaults or roles named constructor, __proto__) among the good ones. */
  readonly poison?: number;
  /** One more failure arrives this long after the recovery (new traffic, which the forwarder's redrive of the DLQ waits for). */
  readonly laterFailureAfterRecoveryMs?: number;
}

const until = (endMs: number, during: SlackBehaviour) => (t: number): SlackBehaviour => t < endMs ? during : { kind: 'ok' };
const revoked = (status: number, text: string): FaultScenario => ({
  name: `webhook revoked (${status} ${text}), fixed after 2 h`,
  failures: 20,
  faults: {
    slack: (_t, path) => path === '/hook-revoked' ? { kind: 'status', status, text } : { kind: 'ok' },
    webhookPath: (t) => t < 2 * HOUR ? '/hook-revoked' : '/hook-new',
  },
  recoveryMs: 2 * HOUR,
  tellWithinMs: 15 * MIN,
});

export const SCENARIOS: FaultScenario[] = [
  { name: 'Slack answers 500 for 25 min', failures: 20, faults: { slack: until(25 * MIN, { kind: 'status', status: 500, text: 'internal_error' }) }, recoveryMs: 25 * MIN },
  { name: 'Slack down (refused) 27 min', failures: 20, faults: { slack: until(27 * MIN, { kind: 'refuse' }) }, recoveryMs: 27 * MIN, tellWithinMs: 30 * MIN },
  { name: 'Slack down 1 h', failures: 20, faults: { slack: until(HOUR, { kind: 'refuse' }) }, recoveryMs: HOUR, tellWithinMs: 30 * MIN },
  { name: 'Slack down 6 h', failures: 20, faults: { slack: until(6 * HOUR, { kind: 'refuse' }) }, recoveryMs: 6 * HOUR, tellWithinMs: 30 * MIN },
  { name: 'Slack down 24 h', failures: 20, faults: { slack: until(24 * HOUR, { kind: 'status', status: 503, text: 'service_unavailable' }) }, recoveryMs: 24 * HOUR, tellWithinMs: 30 * MIN },
  // Past the outage budget: the dead-letter queue holds them, its alarm tells a person, a redrive brings them back.
  { name: 'Slack down 30 h (past the outage budget)', failures: 20, faults: { slack: until(30 * HOUR, { kind: 'refuse' }) }, recoveryMs: 30 * HOUR, tellWithinMs: 30 * MIN },
  {
    name: 'Slack down 30 h, one more failure 1 h after it is back',
    failures: 20,
    faults: { slack: until(30 * HOUR, { kind: 'refuse' }) },
    recoveryMs: 30 * HOUR,
    tellWithinMs: 30 * MIN,
    laterFailureAfterRecoveryMs: HOUR,
  },
  revoked(404, 'no_service'),
  revoked(403, 'invalid_token'),
  revoked(410, 'channel_is_archived'),
  { name: 'Slack hangs 1 h', failures: 20, faults: { slack: until(HOUR, { kind: 'hang' }) }, recoveryMs: HOUR, tellWithinMs: 30 * MIN },
  { name: 'Slack posts but answers after 15 min (for 1 h)', failures: 20, faults: { slack: until(HOUR, { kind: 'late', afterMs: 15 * MIN }) }, recoveryMs: HOUR },
  { name: 'secret unreadable (AccessDenied) 2 h, storm of 150', failures: 150, faults: { secret: (t) => t < 2 * HOUR ? 'denied' : 'ok' }, recoveryMs: 2 * HOUR, tellWithinMs: 15 * MIN },
  { name: 'the same notification delivered twice, 60 s apart', failures: 20, faults: {}, recoveryMs: 0, duplicateAfterMs: MIN },
  { name: 'poison records (constructor, __proto__) among good ones', failures: 20, faults: {}, recoveryMs: 0, poison: 4 },
];

/** One row of the table. */
export interface FaultRow {
  readonly scenario: string;
  /** Distinct notifications in. */
  readonly in: number;
  /** Distinct notifications shown in Slack (named in an accepted post), and posts naming one (copies included). */
  readonly shownDistinct: number;
  readonly shownTotal: number;
  /** Most copies of one notification shown. */
  readonly maxCopies: number;
  /** Distinct notifications in the dead-letter queue at the end, and ever moved there. */
  readonly deadLettered: number;
  readonly everDeadLettered: number;
  /** Notifications never shown and no longer held (expired or deleted): lost. */
  readonly lost: number;
  /** Minutes from the start of the fault to the first message to a person by the operator path (undefined: no one). */
  readonly personToldMin?: number;
  /** How that person was told. */
  readonly personToldVia?: string;
  /** Minutes from the first dead-letter move to the next message to a person (undefined: nothing dead-lettered, or no one told). */
  readonly toldAfterDeadLetterMin?: number;
  /** Messages to a person, all told. */
  readonly personToldCount: number;
  /** Minutes from the recovery to the last notification shown. */
  readonly drainedMin?: number;
  /** Invocations of the function, and the model time simulated (hours). */
  readonly invocations: number;
  readonly simulatedHours: number;
  /** The scenario's expectation as the acceptance states it, checked. */
  readonly tellWithinMin?: number;
  readonly problems: string[];
  readonly log?: string;
}

const jobId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const JOB_ID = /00000000-0000-4000-8000-\d{12}/g;

function failureBody(i: number, snsMessageId: string): string {
  const topic = `arn:aws:sns:eu-west-1:111122223333:backup-env${Math.floor(i / PER_ENVIRONMENT)}`;
  return JSON.stringify(snsEnvelope(topic, 'Notification from AWS Backup',
    `An AWS Backup job failed. Resource ARN : arn:aws:rds:eu-west-1:111122223333:db:orders-${i}. BackupJob ID : ${jobId(i)}`,
    snsMessageId, { EventType: 'BACKUP_JOB', State: 'FAILED', AccountId: '111122223333', Id: jobId(i), StartTime: new Date(START_MS).toISOString() }));
}

function poisonBody(i: number, k: number): string {
  const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
  const event = {
    'version': '0',
    'id': `poison-event-${i}`,
    'detail-type': 'Backup Job State Change',
    'source': 'aws.backup',
    'account': '555555555555',
    'time': new Date(START_MS).toISOString(),
    'region': 'eu-west-1',
    'resources': [],
    'detail': {
      backupJobId: jobId(i),
      backupVaultName: names[k % names.length],
      iamRoleArn: `arn:aws:iam::555555555555:role/${names[(k + 1) % names.length]}`,
      resourceArn: 'arn:aws:rds:eu-west-1:555555555555:db:orders',
      resourceType: 'RDS',
      state: 'FAILED',
      statusMessage: 'Insufficient privileges.',
    },
  };
  return JSON.stringify({ kind: ORGANIZATION_JOB_EVENT_KIND, environmentsByVault: {}, environmentsByRole: {}, accountNames: {}, event });
}

/** Runs one scenario; `settings` as the template holds them (recordedSettings(), checked against the template by pipeline-settings.test.ts). */
export async function runScenario(scenario: FaultScenario, settings: PipelineSettings): Promise<FaultRow> {
  const later = scenario.laterFailureAfterRecoveryMs !== undefined ? 1 : 0;
  const total = scenario.failures + (scenario.poison ?? 0) + later;
  const environments = Math.ceil(total / PER_ENVIRONMENT);
  const sim = new Simulation({
    settings,
    faults: scenario.faults,
    environment: {
      TOPIC_ENVIRONMENTS: JSON.stringify(Array.from({ length: environments }, (_, e) => [`backup-env${e}`, `env${e}`])),
      // The pipeline branch's allow-list of webhook hosts (the stand-in is on loopback).
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    },
  });
  const keys: string[] = [];
  // The failures arrive over the first minute, as a storm does.
  const spacing = Math.max(50, Math.floor(60_000 / total));
  for (let i = 0; i < total; i++) {
    const key = jobId(i);
    keys.push(key);
    if (later && i === total - 1) {
      sim.at(START_MS + scenario.recoveryMs + scenario.laterFailureAfterRecoveryMs!, () => sim.send(failureBody(i, `sns-${i}`), key));
      continue;
    }
    const poisoned = i >= scenario.failures;
    const body = poisoned ? poisonBody(i, i - scenario.failures) : failureBody(i, `sns-${i}`);
    sim.at(START_MS + i * spacing, () => sim.send(body, key));
    if (scenario.duplicateAfterMs !== undefined) sim.at(START_MS + i * spacing + scenario.duplicateAfterMs, () => sim.send(body, key));
  }

  const copies = new Map<string, number>();
  const shown = () => {
    copies.clear();
    for (const post of sim.slack.shown) {
      for (const id of new Set(JSON.stringify(post.body).match(JOB_ID) ?? [])) copies.set(id, (copies.get(id) ?? 0) + 1);
    }
    return copies;
  };
  const horizon = START_MS + scenario.recoveryMs + 6 * HOUR;
  await sim.run(horizon, () => sim.now > START_MS + scenario.recoveryMs + (scenario.duplicateAfterMs ?? 0) + 2 * MIN
    && shown().size >= total && sim.messages.length === 0);
  shown();

  const lastShown = Math.max(...sim.slack.shown.map((p) => p.at));
  const dlqKeys = new Set(sim.messages.filter((m) => m.queue === 'dlq').map((m) => m.key));
  const everDead = new Set(sim.deadLettered.map((id) => [...sim.messages, ...sim.deleted, ...sim.expired].find((m) => m.id === id)?.key));
  const heldKeys = new Set(sim.messages.map((m) => m.key));
  const told = sim.personTold[0];
  const afterDead = sim.deadLetteredAt.length > 0 ? sim.personTold.find((p) => p.at >= sim.deadLetteredAt[0]) : undefined;
  return {
    scenario: scenario.name,
    in: total,
    shownDistinct: keys.filter((k) => copies.has(k)).length,
    shownTotal: keys.reduce((n, k) => n + (copies.get(k) ?? 0), 0),
    maxCopies: Math.max(0, ...keys.map((k) => copies.get(k) ?? 0)),
    deadLettered: dlqKeys.size,
    everDeadLettered: everDead.size,
    lost: keys.filter((k) => !copies.has(k) && !heldKeys.has(k)).length,
    personToldMin: told ? (told.at - START_MS) / MIN : undefined,
    personToldVia: told?.via,
    toldAfterDeadLetterMin: afterDead ? (afterDead.at - sim.deadLetteredAt[0]) / MIN : undefined,
    personToldCount: sim.personTold.length,
    drainedMin: Number.isFinite(lastShown) && copies.size >= total ? Math.max(0, (lastShown - START_MS - scenario.recoveryMs) / MIN) : undefined,
    invocations: sim.invocations.length,
    simulatedHours: (sim.now - START_MS) / HOUR,
    tellWithinMin: scenario.tellWithinMs !== undefined ? scenario.tellWithinMs / MIN : undefined,
    problems: sim.problems,
    log: sim.logTail(30),
  };
}

/** Every scenario, one after the other (each its own instances and stand-ins). */
export async function runFaultScenarios(names?: string[]): Promise<FaultRow[]> {
  const settings = recordedSettings();
  const rows: FaultRow[] = [];
  for (const scenario of SCENARIOS.filter((s) => !names || names.includes(s.name))) rows.push(await runScenario(scenario, settings));
  return rows;
}

const fmt = (n: number | undefined, digits = 0) => n === undefined ? '—' : n.toFixed(digits);

/** The table, in Markdown. */
export function renderFaultTable(rows: FaultRow[], settings?: PipelineSettings): string {
  const lines = [
    '| fault | in | reached Slack (distinct / posts naming one, most copies) | dead-lettered (at end / ever) | lost | a person told (operator path) | delivered after recovery |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.scenario} | ${r.in} | ${r.shownDistinct} / ${r.shownTotal}, ×${r.maxCopies} | ${r.deadLettered} / ${r.everDeadLettered} | ${r.lost} | ${
      r.personToldMin === undefined ? '**no one**' : `at ${fmt(r.personToldMin, 1)} min (${r.personToldVia}), ${r.personToldCount} message(s)${
        r.toldAfterDeadLetterMin === undefined ? '' : `; ${fmt(r.toldAfterDeadLetterMin, 1)} min after the first dead letter`}`} | ${
      r.shownDistinct === r.in ? `all, last ${fmt(r.drainedMin, 1)} min after` : `${r.shownDistinct} of ${r.in}`} |`),
  ];
  if (settings) {
    lines.push('', `Settings read from the synthesized template: buffer visibility ${settings.buffer.visibilityTimeoutS} s, maxReceiveCount ${settings.buffer.maxReceiveCount}, ` +
      `retention ${settings.buffer.retentionS / 86_400} d (DLQ ${settings.dlq.retentionS / 86_400} d); event source mapping batch ${settings.mapping.batchSize}, ` +
      `window ${settings.mapping.windowS} s, concurrency ${settings.mapping.maxConcurrency}, partial batch failures ${settings.mapping.reportBatchItemFailures ? 'on' : 'off'}; ` +
      `function timeout ${settings.fn.timeoutS} s; ${settings.alarms.length} SQS alarm(s); person topics: ${settings.personTopics.length}.`);
  }
  return lines.join('\n');
}

/** The section of BENCHMARKS.md (bench/run.ts puts it beside the storm). */
export function faultSection(rows: FaultRow[], settings: PipelineSettings = recordedSettings()): string {
  return [
    '## The forwarder under faults (issue 20)',
    '',
    'The shipped forwarder bundle on a model clock (time jumps ahead only while no handler code runs), with the synthesized template\'s ' +
    'queue, event source mapping and alarm settings, against a Slack stand-in and Secrets Manager / AWS Backup / SQS / SNS / DynamoDB ' +
    'stand-ins on 127.0.0.1 (`test/notifications/slack/faults/`). "A person told" counts only the operator path (an e-mail or operator ' +
    'topic: a publish by the forwarder or an alarm action), never Slack. Reproduce with ' +
    '`npx ts-node -T -P tsconfig.dev.json test/notifications/slack/faults/print.ts`.',
    '',
    renderFaultTable(rows, settings),
    '',
  ].join('\n');
}
