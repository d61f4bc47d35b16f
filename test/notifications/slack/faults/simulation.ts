/*
 * The fault simulation (issue 20, "Measured, not asserted by timers"): the SHIPPED forwarder bundle
 * (assets/notifications/slack/handler/slack-forwarder.lambda/index.js), each Lambda instance a node
 * process (instance.js), on a model clock that jumps ahead only while no handler code runs, fed by
 * an SQS model holding the semantics of the synthesized template's queues and event source mapping,
 * against the Slack stand-in and the AWS stand-ins on 127.0.0.1, with fault schedules.
 *
 * AWS facts the model holds (the DESIGN.md §3b list):
 * - Visibility timeout, receive count, redrive to the DLQ after maxReceiveCount receives, keeping
 *   the original enqueue time (the DLQ's retention counts from the first send); retention deletes.
 *   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
 * - ChangeMessageVisibility: 0 to 43,200 s, on a message in flight, with its latest receipt handle.
 *   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html
 * - StartMessageMoveTask: one task per source queue at a time, at MaxNumberOfMessagesPerSecond; a
 *   moved message starts a new retention period in its destination.
 *   https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html
 * - Event source mapping with ReportBatchItemFailures: batches of up to BatchSize gathered for up to
 *   MaximumBatchingWindowInSeconds, at most MaximumConcurrency invocations; the records of
 *   batchItemFailures stay in the queue (visible again when their visibility timeout ends), the
 *   others are deleted; a function error or timeout returns the whole batch.
 *   https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
 * - Asynchronous invocations (alarm actions): retried twice, about 1 and 2 minutes apart, dropped
 *   after MaximumRetryAttempts or MaximumEventAgeInSeconds.
 *   https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
 * - CloudWatch alarms act on state changes only; SQS metrics are sampled each minute.
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html
 */
import { ChildProcess, fork } from 'child_process';
import * as crypto from 'crypto';
import * as http from 'http';
import * as path from 'path';
import { AwsStandIns, ModelTable } from './aws-stand-ins';
import { LoopbackServer } from '../../../support/loopback-server';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const BUNDLE = path.join(ROOT, 'assets', 'notifications', 'slack', 'handler', 'slack-forwarder.lambda', 'index.js');
/** The model's epoch: 2026-12-01T00:00:00Z. */
export const START_MS = Date.UTC(2026, 11, 1);
export const REGION = 'eu-west-1';
export const ACCOUNT = '111122223333';
const MINUTE = 60_000;

/* ---------- what the template says ---------- */

/** A CloudWatch alarm of the template on an SQS metric, with its actions. */
export interface AlarmSpec {
  readonly id: string;
  readonly queue: string;
  readonly metric: 'ApproximateNumberOfMessagesVisible' | 'ApproximateAgeOfOldestMessage' | string;
  readonly statistic: string;
  readonly periodS: number;
  /** Metric math over the metric: DIFF(FILL(m, 0)) (the change from the previous period). */
  readonly expression?: 'DIFF';
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparison: string;
  /** Resolved actions: `function:<id>` or `topic:<arn>`. */
  readonly alarmActions: string[];
  readonly okActions: string[];
}

/** The pipeline's settings, read from a synthesized template. */
export interface PipelineSettings {
  readonly buffer: { id: string; visibilityTimeoutS: number; retentionS: number; maxReceiveCount: number };
  readonly dlq: { id: string; retentionS: number };
  readonly mapping: { batchSize: number; windowS: number; maxConcurrency: number; reportBatchItemFailures: boolean };
  readonly fn: { id: string; timeoutS: number; asyncRetries: number; maxEventAgeS: number; environment: { [name: string]: any } };
  readonly alarms: AlarmSpec[];
  /** Topics a person reads (an e-mail subscription, or the operator topic the forwarder is given). */
  readonly personTopics: string[];
  /** Topics that deliver into the buffer queue (the forwarder's alarm topic). */
  readonly bufferTopics: string[];
  /** An EventBridge schedule that invokes the forwarder (the dead-letter probe): its period. */
  readonly probeEveryMs?: number;
}

/** `rate(N minute|minutes|hour|hours|day|days)` in ms (EventBridge's rate expressions). */
function rateMs(expression: string | undefined): number | undefined {
  const m = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression ?? '');
  if (!m) return undefined;
  return Number(m[1]) * { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[m[2] as 'minute' | 'hour' | 'day'];
}

const arnOf = (template: any, id: string): string => {
  const type = template.Resources[id]?.Type;
  if (type === 'AWS::SQS::Queue') return `arn:aws:sqs:${REGION}:${ACCOUNT}:${id}`;
  if (type === 'AWS::SNS::Topic') return `arn:aws:sns:${REGION}:${ACCOUNT}:${id}`;
  if (type === 'AWS::Lambda::Function') return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${id}`;
  if (type === 'AWS::SecretsManager::Secret') return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${id}`;
  return `arn:aws:${(type ?? 'x::y').split('::')[1].toLowerCase()}:${REGION}:${ACCOUNT}:${id}`;
};

/** Resolves Ref / Fn::GetAtt / Fn::Join of a template value to the model's names and ARNs. */
export function resolve(template: any, value: any): any {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => resolve(template, v));
  if (value.Ref !== undefined) {
    if (value.Ref === 'AWS::Partition') return 'aws';
    if (value.Ref === 'AWS::Region') return REGION;
    if (value.Ref === 'AWS::AccountId') return ACCOUNT;
    if (value.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
    const type = template.Resources[value.Ref]?.Type;
    if (type === 'AWS::SNS::Topic' || type === 'AWS::SecretsManager::Secret') return arnOf(template, value.Ref);
    if (type === 'AWS::SQS::Queue') return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${value.Ref}`;
    return value.Ref;
  }
  if (value['Fn::GetAtt']) {
    const [id, attribute] = value['Fn::GetAtt'];
    if (attribute === 'Arn') return arnOf(template, id);
    if (attribute === 'QueueName' || attribute === 'TopicName') return id;
    return `${id}.${attribute}`;
  }
  if (value['Fn::Join']) return resolve(template, value['Fn::Join'][1]).join(value['Fn::Join'][0]);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(template, v)]));
}

const idOfArn = (arn: string) => arn.split(':').pop()!;

/** The forwarder's queues, mapping, function and alarms in a synthesized template. */
export function pipelineSettings(template: any): PipelineSettings {
  const resources = Object.entries<any>(template.Resources);
  const [, mapping] = resources.find(([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping')!;
  const bufferId = mapping.Properties.EventSourceArn['Fn::GetAtt'][0];
  const fnId = mapping.Properties.FunctionName.Ref;
  const buffer = template.Resources[bufferId].Properties;
  const dlqId = buffer.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
  const fn = template.Resources[fnId].Properties;
  const invokeConfig = resources.find(([, r]) => r.Type === 'AWS::Lambda::EventInvokeConfig' && r.Properties.FunctionName?.Ref === fnId)?.[1].Properties ?? {};
  const environment = resolve(template, fn.Environment?.Variables ?? {});
  const subscriptions = resources.filter(([, r]) => r.Type === 'AWS::SNS::Subscription').map(([, r]) => resolve(template, r.Properties));
  const personTopics = new Set<string>(subscriptions.filter((s) => s.Protocol === 'email' || s.Protocol === 'email-json').map((s) => s.TopicArn));
  if (typeof environment.OPERATOR_TOPIC_ARN === 'string') personTopics.add(environment.OPERATOR_TOPIC_ARN);
  const action = (a: any): string => {
    const r = resolve(template, a);
    return r.includes(':function:') ? `function:${idOfArn(r)}` : `topic:${r}`;
  };
  const alarms: AlarmSpec[] = resources.filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm').flatMap(([id, r]): AlarmSpec[] => {
    const p = r.Properties;
    // One SQS metric, or metric math over one (the expressions the library emits: `DIFF(FILL(m, 0))`, `m`).
    const returned = (p.Metrics ?? []).find((m: any) => m.ReturnData !== false && m.Expression);
    const stat = (p.Metrics ?? []).find((m: any) => m.MetricStat)?.MetricStat;
    const metric = stat ? { ...stat.Metric, Statistic: stat.Stat, Period: stat.Period } : p;
    if (metric.Namespace !== 'AWS/SQS') return [];
    let expression: 'DIFF' | undefined;
    if (returned) {
      if (/^DIFF\(FILL\(\w+,\s*0\)\)$/.test(returned.Expression)) expression = 'DIFF';
      else if (!/^\w+$/.test(returned.Expression)) throw new Error(`alarm ${id}: the simulation does not evaluate ${returned.Expression}`);
    }
    const queueDim = (metric.Dimensions ?? []).find((d: any) => d.Name === 'QueueName');
    return [{
      id,
      queue: resolve(template, queueDim?.Value),
      metric: metric.MetricName,
      statistic: metric.Statistic ?? 'Maximum',
      periodS: metric.Period ?? 60,
      expression,
      evaluationPeriods: p.EvaluationPeriods ?? 1,
      datapointsToAlarm: p.DatapointsToAlarm ?? p.EvaluationPeriods ?? 1,
      threshold: p.Threshold,
      comparison: p.ComparisonOperator,
      alarmActions: (p.AlarmActions ?? []).map(action),
      okActions: (p.OKActions ?? []).map(action),
    }];
  });
  const probe = resources.find(([, r]) => r.Type === 'AWS::Events::Rule' && r.Properties.ScheduleExpression &&
    (r.Properties.Targets ?? []).some((t: any) => t.Arn?.['Fn::GetAtt']?.[0] === fnId));
  return {
    probeEveryMs: rateMs(probe?.[1].Properties.ScheduleExpression),
    buffer: {
      id: bufferId,
      visibilityTimeoutS: buffer.VisibilityTimeout ?? 30,
      retentionS: buffer.MessageRetentionPeriod ?? 345_600,
      maxReceiveCount: buffer.RedrivePolicy.maxReceiveCount,
    },
    dlq: { id: dlqId, retentionS: template.Resources[dlqId].Properties?.MessageRetentionPeriod ?? 345_600 },
    mapping: {
      batchSize: mapping.Properties.BatchSize ?? 10,
      windowS: mapping.Properties.MaximumBatchingWindowInSeconds ?? 0,
      maxConcurrency: mapping.Properties.ScalingConfig?.MaximumConcurrency ?? 1000,
      reportBatchItemFailures: (mapping.Properties.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
    },
    fn: {
      id: fnId,
      timeoutS: fn.Timeout ?? 3,
      asyncRetries: invokeConfig.MaximumRetryAttempts ?? 2,
      maxEventAgeS: invokeConfig.MaximumEventAgeInSeconds ?? 21_600,
      environment,
    },
    alarms,
    personTopics: [...personTopics],
    bufferTopics: subscriptions.filter((s) => s.Protocol === 'sqs' && s.Endpoint === arnOf(template, bufferId)).map((s) => s.TopicArn),
  };
}

/* ---------- fault schedules ---------- */

/** What Slack does with a post at a model time (ms since the start), to a webhook path. */
export type SlackBehaviour =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; text: string }
  /** The connection is reset (Slack unreachable, refused). */
  | { kind: 'refuse' }
  /** No answer at all, the post not shown. */
  | { kind: 'hang' }
  /** The post is shown now, its 200 answer comes this much later. */
  | { kind: 'late'; afterMs: number };

export interface Faults {
  slack?(t: number, webhookPath: string): SlackBehaviour;
  /** The secret's state: readable, AccessDeniedException, or throttled. */
  secret?(t: number): 'ok' | 'denied' | 'throttled';
  /** The webhook path the secret holds at a time (a rotation fixes a revoked webhook). */
  webhookPath?(t: number): string;
}

/* ---------- the model ---------- */

interface Message {
  readonly id: string;
  readonly body: string;
  /** The notification it carries (for the table). */
  readonly key: string;
  sentAt: number;
  receiveCount: number;
  visibleAt: number;
  receivedAt: number;
  firstReceivedAt?: number;
  receipt?: string;
  queue: 'buffer' | 'dlq';
}

/** A post the Slack stand-in showed. */
export interface ShownPost {
  readonly at: number;
  readonly body: any;
  readonly path: string;
}

/** A person told: an e-mail/operator topic got a message (published or an alarm action). */
export interface PersonTold {
  readonly at: number;
  readonly via: string;
  readonly subject: string;
}

/** One scheduled step. */
interface Step {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

/** The Slack stand-in: answers by the fault schedule, at model times. */
class SlackStandIn extends LoopbackServer {
  readonly shown: ShownPost[] = [];
  requests = 0;
  constructor(private readonly sim: Simulation) {
    super();
  }
  protected receive(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
    res.sendDate = false;
    this.requests++;
    const t = this.sim.now - START_MS;
    const urlPath = new URL(req.url ?? '/', 'http://x').pathname;
    const behaviour = this.sim.faults.slack?.(t, urlPath) ?? { kind: 'ok' };
    const relay = Number(req.headers['x-sim-relay']);
    switch (behaviour.kind) {
      case 'ok':
        this.shown.push({ at: this.sim.now, body: JSON.parse(raw), path: urlPath });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      case 'status':
        res.writeHead(behaviour.status, { 'content-type': 'text/plain' }).end(behaviour.text);
        return;
      case 'refuse':
        req.socket.destroy();
        return;
      case 'hang':
        this.sim.parked(relay);
        return;
      case 'late':
        this.shown.push({ at: this.sim.now, body: JSON.parse(raw), path: urlPath });
        this.sim.parked(relay);
        this.sim.at(this.sim.now + behaviour.afterMs, () => {
          if (res.destroyed) return;
          this.sim.unparked(relay);
          res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        });
        return;
    }
  }
}

/** One Lambda instance (a node process running the bundle). */
class Instance {
  busy = true;
  next: number | null = null;
  /** Messages sent to the instance: an idle report that has not seen them all is stale. */
  sent = 0;
  invocation?: { id: string; resolve: (r: { ok: boolean; value: any } | 'timeout') => void; deadline: number };
  readonly log: string[] = [];
  private idleWaiters: Array<() => void> = [];
  constructor(readonly child: ChildProcess) {}
  idle(): Promise<void> {
    return this.busy ? new Promise((r) => this.idleWaiters.push(r)) : Promise.resolve();
  }
  setIdle(next: number | null): void {
    this.busy = false;
    this.next = next;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
  send(m: any): void {
    this.busy = true;
    this.sent++;
    this.child.send(m);
  }
}

export interface SimulationOptions {
  readonly settings: PipelineSettings;
  readonly faults: Faults;
  /** Environment variables of the function, over the template's (resolved) ones. */
  readonly environment?: { [name: string]: string };
  /** Job details by job id (DescribeBackupJob). */
  readonly jobs?: (jobId: string) => any;
}

export class Simulation {
  now = START_MS;
  readonly faults: Faults;
  readonly settings: PipelineSettings;
  readonly messages: Message[] = [];
  /** Messages deleted by retention: lost. */
  readonly expired: Message[] = [];
  /** Messages deleted after an invocation returned them as done. */
  readonly deleted: Message[] = [];
  readonly personTold: PersonTold[] = [];
  readonly slack: SlackStandIn;
  readonly aws: AwsStandIns;
  readonly table = new ModelTable();
  /** Dead-letter moves (message ids), in order, and when. */
  readonly deadLettered: string[] = [];
  readonly deadLetteredAt: number[] = [];
  readonly invocations: Array<{ at: number; records: number; failures: number; outcome: string }> = [];
  readonly alarmStates = new Map<string, string>();
  /** Problems of the model itself (an unexpected API call, a broken invariant). */
  readonly problems: string[] = [];

  private steps: Step[] = [];
  private seq = 0;
  private transit = 0;
  private transitWaiters: Array<() => void> = [];
  private readonly instances: Instance[] = [];
  private readonly active = new Set<Instance>();
  private windowOpen = false;
  private messageSeq = 0;
  private receiptSeq = 0;
  private moveTask?: { remaining: Message[]; perSecond: number };
  private readonly relays = new Map<number, { req: http.ClientRequest; instance: Instance; rid: number }>();
  private relaySeq = 0;
  private invokeSeq = 0;
  private readonly samples = new Map<string, Array<{ at: number; value: number }>>();
  private readonly jobs: (jobId: string) => any;
  private readonly extraEnvironment: { [name: string]: string };

  constructor(options: SimulationOptions) {
    this.settings = options.settings;
    this.faults = options.faults;
    this.jobs = options.jobs ?? ((id) => ({ BackupJobId: id, StatusMessage: 'Access denied to the KMS key (kms:CreateGrant)', ResourceType: 'RDS' }));
    this.extraEnvironment = options.environment ?? {};
    this.slack = new SlackStandIn(this);
    this.aws = new AwsStandIns({
      getSecretValue: () => {
        const state = this.faults.secret?.(this.now - START_MS) ?? 'ok';
        if (state === 'denied') return { error: 'AccessDeniedException', message: 'User is not authorized to perform: secretsmanager:GetSecretValue (kms:Decrypt denied by the key policy)' };
        if (state === 'throttled') return { error: 'ThrottlingException', message: 'Rate exceeded' };
        return { secretString: `${this.slack.endpoint}${this.faults.webhookPath?.(this.now - START_MS) ?? '/hook'}` };
      },
      sqs: (operation, input) => this.sqsCall(operation, input),
      publish: (topicArn, subject, message) => {
        this.topicPublish(topicArn, subject ?? message.slice(0, 80), 'the forwarder (SNS Publish)');
        return `pub-${++this.messageSeq}`;
      },
      dynamodb: (operation, input) => this.table.call(operation, input),
      describeJob: (kind, jobId) => {
        const job = this.jobs(jobId);
        return kind === 'copy' ? { CopyJob: { ...job, CopyJobId: jobId } } : job;
      },
    });
  }

  /* ----- clock ----- */

  at(time: number, run: () => void): void {
    this.steps.push({ at: Math.max(time, this.now), seq: this.seq++, run });
  }

  parked(relay: number): void {
    if (this.relays.has(relay)) this.transitDone();
  }

  unparked(relay: number): void {
    if (this.relays.has(relay)) this.transit++;
  }

  private transitDone(): void {
    this.transit--;
    if (this.transit === 0) {
      const waiters = this.transitWaiters;
      this.transitWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Until no instance runs code and no request to Slack is on its way. */
  private async settle(): Promise<void> {
    for (;;) {
      const busy = [...this.active].filter((i) => i.busy);
      if (busy.length === 0 && this.transit === 0) {
        // Let pending I/O callbacks of this process (stand-in answers) run, then look again.
        await new Promise((r) => setImmediate(r));
        if ([...this.active].every((i) => !i.busy) && this.transit === 0) return;
        continue;
      }
      await Promise.race([
        ...busy.map((i) => i.idle()),
        ...(this.transit > 0 ? [new Promise<void>((r) => this.transitWaiters.push(r))] : []),
      ]);
    }
  }

  /** Runs the model until `until` (model ms) or until `done()` holds at a quiet moment. */
  async run(until: number, done: () => boolean = () => false): Promise<void> {
    await this.slack.start();
    await this.aws.start();
    this.startMinuteSampler();
    this.startProbe();
    this.pump();
    try {
      for (;;) {
        await this.settle();
        if (done()) break;
        const timers = [...this.active].map((i) => i.next).filter((n): n is number => n !== null);
        this.steps.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = Math.min(this.steps[0]?.at ?? Infinity, ...timers);
        if (!Number.isFinite(next) || next > until) break;
        this.now = Math.max(this.now, next);
        while (this.steps.length > 0 && this.steps[0].at <= this.now) this.steps.shift()!.run();
        for (const instance of this.active) {
          if (instance.next !== null && instance.next <= this.now) {
            instance.next = null;
            instance.send({ t: 'advance', now: this.now });
          }
        }
      }
    } finally {
      for (const i of this.instances) i.child.kill('SIGKILL');
      for (const r of this.relays.values()) r.req.destroy();
      await this.slack.stop();
      await this.aws.stop();
    }
  }

  /* ----- the buffer queue, its event source mapping, the DLQ ----- */

  /** A notification into the buffer queue (SNS → SQS, raw delivery off), at the current time. */
  send(body: string, key: string, queue: 'buffer' | 'dlq' = 'buffer'): void {
    this.messages.push({
      id: `m-${++this.messageSeq}`, body, key, sentAt: this.now, receiveCount: 0, visibleAt: this.now, receivedAt: 0, queue,
    });
    this.pump();
  }

  private expire(): void {
    for (const m of [...this.messages]) {
      const retention = (m.queue === 'buffer' ? this.settings.buffer.retentionS : this.settings.dlq.retentionS) * 1000;
      if (this.now - m.sentAt >= retention) {
        this.messages.splice(this.messages.indexOf(m), 1);
        this.expired.push(m);
      }
    }
  }

  private visible(queue: 'buffer' | 'dlq'): Message[] {
    return this.messages.filter((m) => m.queue === queue && m.visibleAt <= this.now);
  }

  /** The event source mapping: opens a batching window when messages are visible and a slot is free. */
  pump(): void {
    this.expire();
    const { windowS, maxConcurrency } = this.settings.mapping;
    const running = [...this.active].filter((i) => i.invocation).length;
    if (this.windowOpen || running >= maxConcurrency) return;
    if (this.visible('buffer').length > 0) {
      this.windowOpen = true;
      this.at(this.now + windowS * 1000, () => {
        this.windowOpen = false;
        this.invokeBatch();
        this.pump();
      });
      return;
    }
    const nextVisible = Math.min(...this.messages.filter((m) => m.queue === 'buffer').map((m) => m.visibleAt));
    if (Number.isFinite(nextVisible)) this.at(nextVisible, () => this.pump());
  }

  private invokeBatch(): void {
    this.expire();
    const { batchSize } = this.settings.mapping;
    const batch: Message[] = [];
    for (const m of this.visible('buffer').sort((a, b) => a.sentAt - b.sentAt)) {
      if (batch.length >= batchSize) break;
      if (m.receiveCount >= this.settings.buffer.maxReceiveCount) {
        // Redrive: the receive that would pass maxReceiveCount moves it, its enqueue time kept.
        m.queue = 'dlq';
        m.visibleAt = this.now;
        m.receipt = undefined;
        this.deadLettered.push(m.id);
        this.deadLetteredAt.push(this.now);
        continue;
      }
      m.receiveCount++;
      m.firstReceivedAt ??= this.now;
      m.receivedAt = this.now;
      m.receipt = `rh-${m.id}-${++this.receiptSeq}`;
      m.visibleAt = this.now + this.settings.buffer.visibilityTimeoutS * 1000;
      batch.push(m);
    }
    if (batch.length === 0) return;
    const receipts = new Map(batch.map((m) => [m.id, m.receipt]));
    const event = {
      Records: batch.map((m) => ({
        messageId: m.id,
        receiptHandle: m.receipt,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: String(m.receiveCount),
          SentTimestamp: String(m.sentAt),
          SenderId: 'AIDAEXAMPLE',
          ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: arnOfQueue(this.settings.buffer.id),
        awsRegion: REGION,
      })),
    };
    void this.invoke(event).then((result) => {
      let failed = new Set(batch.map((m) => m.id));
      let outcome: string;
      if (result === 'timeout') {outcome = 'timed out';} else if (!result.ok) {outcome = `threw: ${String(result.value).slice(0, 120)}`;} else if (this.settings.mapping.reportBatchItemFailures && Array.isArray(result.value?.batchItemFailures)) {
        failed = new Set(result.value.batchItemFailures.map((f: any) => f.itemIdentifier));
        outcome = `${failed.size} failures`;
      } else {
        failed = new Set();
        outcome = 'ok';
      }
      this.invocations.push({ at: this.now, records: batch.length, failures: failed.size, outcome });
      for (const m of batch) {
        // Lambda deletes the others with the receipt handles of this batch (a stale handle deletes nothing).
        if (!failed.has(m.id) && m.receipt === receipts.get(m.id) && this.messages.includes(m)) {
          this.messages.splice(this.messages.indexOf(m), 1);
          this.deleted.push(m);
        }
      }
      this.pump();
    });
  }

  private sqsCall(operation: string, input: any): { output: any } | { error: string; message: string } {
    const queueId = (s: string | undefined) => s ? s.split(/[/:]/).pop()! : '';
    switch (operation) {
      case 'ChangeMessageVisibility': {
        const seconds = Number(input.VisibilityTimeout);
        if (!(seconds >= 0 && seconds <= 43_200)) return { error: 'InvalidParameterValue', message: `VisibilityTimeout ${seconds} is not 0 to 43200` };
        const m = this.messages.find((x) => x.receipt === input.ReceiptHandle && x.queue === 'buffer' && queueId(input.QueueUrl) === this.settings.buffer.id);
        if (!m) return { error: 'ReceiptHandleIsInvalid', message: 'The receipt handle is not valid' };
        if (m.visibleAt <= this.now) return { error: 'MessageNotInflight', message: 'The message is not in flight' };
        m.visibleAt = this.now + seconds * 1000;
        this.pump();
        return { output: {} };
      }
      case 'StartMessageMoveTask': {
        if (queueId(input.SourceArn) !== this.settings.dlq.id) return { error: 'InvalidParameterValue', message: `source ${input.SourceArn} is not the dead-letter queue` };
        if (input.DestinationArn && queueId(input.DestinationArn) !== this.settings.buffer.id) return { error: 'InvalidParameterValue', message: `destination ${input.DestinationArn}` };
        if (this.moveTask) return { error: 'UnsupportedOperation', message: 'There is already a task running' };
        const perSecond = Number(input.MaxNumberOfMessagesPerSecond) || 500;
        this.moveTask = { remaining: this.messages.filter((m) => m.queue === 'dlq').sort((a, b) => a.sentAt - b.sentAt), perSecond };
        this.stepMoveTask();
        return { output: { TaskHandle: `task-${this.now}` } };
      }
      case 'ReceiveMessage': {
        // The dead-letter probe reads the DLQ (the buffer is read by the event source mapping only).
        if (queueId(input.QueueUrl) !== this.settings.dlq.id) return { error: 'InvalidParameterValue', message: `ReceiveMessage from ${input.QueueUrl}` };
        const max = Math.min(10, Number(input.MaxNumberOfMessages) || 1);
        const seconds = input.VisibilityTimeout !== undefined ? Number(input.VisibilityTimeout) : 30;
        const got = this.visible('dlq').sort((a, b) => a.sentAt - b.sentAt).slice(0, max);
        for (const m of got) {
          m.receipt = `rh-${m.id}-${++this.receiptSeq}`;
          m.visibleAt = this.now + seconds * 1000;
        }
        return { output: { Messages: got.map((m) => ({ MessageId: m.id, ReceiptHandle: m.receipt, Body: m.body, MD5OfBody: crypto.createHash('md5').update(m.body).digest('hex') })) } };
      }
      case 'ChangeMessageVisibilityBatch': {
        if (queueId(input.QueueUrl) !== this.settings.dlq.id) return { error: 'InvalidParameterValue', message: `ChangeMessageVisibilityBatch on ${input.QueueUrl}` };
        for (const entry of input.Entries ?? []) {
          const m = this.messages.find((x) => x.queue === 'dlq' && x.receipt === entry.ReceiptHandle);
          if (m) m.visibleAt = this.now + Number(entry.VisibilityTimeout) * 1000;
        }
        return { output: { Successful: (input.Entries ?? []).map((e: any) => ({ Id: e.Id })), Failed: [] } };
      }
      case 'DeleteMessageBatch': {
        if (queueId(input.QueueUrl) !== this.settings.dlq.id) return { error: 'InvalidParameterValue', message: `DeleteMessageBatch on ${input.QueueUrl}` };
        const Successful: any[] = [];
        for (const entry of input.Entries ?? []) {
          const m = this.messages.find((x) => x.queue === 'dlq' && x.receipt === entry.ReceiptHandle);
          if (m) {
            this.messages.splice(this.messages.indexOf(m), 1);
            this.deleted.push(m);
          }
          Successful.push({ Id: entry.Id });
        }
        return { output: { Successful, Failed: [] } };
      }
      case 'GetQueueAttributes':
      case 'GetQueueUrl':
        return { output: { QueueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${queueId(input.QueueName)}`, Attributes: {} } };
      case 'ListMessageMoveTasks':
        return { output: { Results: this.moveTask ? [{ Status: 'RUNNING', SourceArn: input.SourceArn }] : [] } };
      default:
        this.problems.push(`unexpected SQS call ${operation}`);
        return { error: 'UnsupportedOperation', message: operation };
    }
  }

  private stepMoveTask(): void {
    const task = this.moveTask!;
    const moving = task.remaining.splice(0, task.perSecond);
    for (const m of moving) {
      if (!this.messages.includes(m) || m.queue !== 'dlq') continue;
      // A moved message is a new message of its destination: a new retention period, no receives.
      m.queue = 'buffer';
      m.sentAt = this.now;
      m.receiveCount = 0;
      m.visibleAt = this.now;
      m.receipt = undefined;
    }
    if (task.remaining.length > 0) this.at(this.now + 1000, () => this.stepMoveTask());
    else this.moveTask = undefined;
    this.pump();
  }

  /* ----- topics, alarms, asynchronous invocations ----- */

  private topicPublish(topicArn: string, subject: string, via: string): void {
    if (this.settings.personTopics.includes(topicArn)) this.personTold.push({ at: this.now, via, subject });
  }

  private startMinuteSampler(): void {
    const sample = () => {
      this.expire();
      for (const queue of [this.settings.buffer.id, this.settings.dlq.id]) {
        const which = queue === this.settings.buffer.id ? 'buffer' : 'dlq';
        const inQueue = this.messages.filter((m) => m.queue === which);
        this.record(`${queue}/ApproximateNumberOfMessagesVisible`, inQueue.filter((m) => m.visibleAt <= this.now).length);
        this.record(`${queue}/ApproximateAgeOfOldestMessage`, inQueue.length ? Math.max(...inQueue.map((m) => (this.now - m.sentAt) / 1000)) : 0);
        this.record(`${queue}/ApproximateNumberOfMessagesNotVisible`, inQueue.filter((m) => m.visibleAt > this.now).length);
      }
      this.evaluateAlarms();
      // Sample while something is queued or an alarm is not OK; the run ends when nothing else is scheduled.
      if (this.messages.length > 0 || [...this.alarmStates.values()].some((s) => s === 'ALARM') || this.steps.length > 0 || this.active.size > 0) {
        this.at(this.now + MINUTE, sample);
      }
    };
    this.at(this.now + MINUTE, sample);
  }

  /** The template's schedule: the forwarder invoked with EventBridge's scheduled event (no retries), while anything is left. */
  private startProbe(): void {
    const every = this.settings.probeEveryMs;
    if (!every) return;
    const tick = () => {
      const event = { 'version': '0', 'id': `probe-${this.now}`, 'detail-type': 'Scheduled Event', 'source': 'aws.events', 'account': ACCOUNT, 'time': new Date(this.now).toISOString(), 'region': REGION, 'resources': [], 'detail': {} };
      void this.invoke(event).then((result) => {
        const ok = result !== 'timeout' && result.ok;
        this.invocations.push({ at: this.now, records: 0, failures: ok ? 0 : 1, outcome: `scheduled probe: ${ok ? 'ok' : 'failed'}` });
      });
      if (this.messages.length > 0) this.at(this.now + every, tick);
    };
    this.at(this.now + every, tick);
  }

  private record(metric: string, value: number): void {
    const list = this.samples.get(metric) ?? [];
    list.push({ at: this.now, value });
    this.samples.set(metric, list);
  }

  private evaluateAlarms(): void {
    for (const alarm of this.settings.alarms) {
      const samples = this.samples.get(`${alarm.queue}/${alarm.metric}`) ?? [];
      const period = alarm.periodS * 1000;
      // Evaluated at each period's end (the minute sampler lands on them).
      if ((this.now - START_MS) % period !== 0) continue;
      const statistic = (k: number): number | undefined => {
        const from = this.now - k * period;
        const values = samples.filter((x) => x.at > from && x.at <= from + period).map((x) => x.value);
        if (values.length === 0) return undefined;
        if (alarm.statistic === 'Average') return values.reduce((a, b) => a + b, 0) / values.length;
        if (alarm.statistic === 'Minimum') return Math.min(...values);
        if (alarm.statistic === 'Sum') return values.reduce((a, b) => a + b, 0);
        return Math.max(...values);
      };
      const datapoints: number[] = [];
      for (let k = alarm.evaluationPeriods; k >= 1; k--) {
        const value = alarm.expression === 'DIFF' ? (statistic(k) ?? 0) - (statistic(k + 1) ?? 0) : statistic(k);
        if (value !== undefined) datapoints.push(value);
      }
      const breaching = datapoints.filter((v) => compare(alarm.comparison, v, alarm.threshold)).length;
      const state = breaching >= alarm.datapointsToAlarm ? 'ALARM' : 'OK';
      const before = this.alarmStates.get(alarm.id) ?? 'OK';
      if (state === before) continue;
      this.alarmStates.set(alarm.id, state);
      for (const action of state === 'ALARM' ? alarm.alarmActions : alarm.okActions) this.alarmAction(alarm, state, action);
    }
  }

  private alarmAction(alarm: AlarmSpec, state: string, action: string): void {
    const subject = `${state}: ${alarm.id}`;
    if (action.startsWith('topic:')) {
      const topicArn = action.slice('topic:'.length);
      this.topicPublish(topicArn, subject, `alarm ${alarm.id}`);
      if (this.settings.bufferTopics.includes(topicArn)) {
        this.send(JSON.stringify(snsEnvelope(topicArn, subject, JSON.stringify({
          AlarmName: alarm.id,
          NewStateValue: state,
          NewStateReason: 'Threshold Crossed',
          StateChangeTime: new Date(this.now).toISOString(),
          AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarm.id}`,
          AWSAccountId: ACCOUNT,
        }), `alarm-${alarm.id}-${this.now}`)), `alarm:${alarm.id}:${this.now}`);
      }
      return;
    }
    // A Lambda alarm action: an asynchronous invocation of the forwarder, retried twice on error.
    const event = {
      source: 'aws.cloudwatch',
      alarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarm.id}`,
      accountId: ACCOUNT,
      region: REGION,
      time: new Date(this.now).toISOString(),
      alarmData: { alarmName: alarm.id, state: { value: state, reason: 'Threshold Crossed', timestamp: new Date(this.now).toISOString() }, configuration: { description: alarm.id } },
    };
    const first = this.now;
    const attempt = (n: number) => {
      void this.invoke(event).then((result) => {
        const ok = result !== 'timeout' && result.ok;
        this.invocations.push({ at: this.now, records: 1, failures: ok ? 0 : 1, outcome: `alarm action ${alarm.id}: ${ok ? 'ok' : 'failed'}` });
        const retry = !ok && n < this.settings.fn.asyncRetries && this.now - first < this.settings.fn.maxEventAgeS * 1000;
        if (retry) this.at(this.now + MINUTE * (n + 1), () => attempt(n + 1));
      });
    };
    attempt(0);
  }

  /* ----- Lambda ----- */

  private spawn(): Instance {
    const child = fork(path.join(__dirname, 'instance.js'), [], {
      env: {
        ...process.env,
        ...Object.fromEntries(Object.entries(this.settings.fn.environment).map(([k, v]) => [k, String(v)])),
        ...this.extraEnvironment,
        SIM_START_MS: String(this.now),
        SIM_BUNDLE: BUNDLE,
        AWS_ENDPOINT_URL: this.aws.endpoint,
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_SESSION_TOKEN: 'testing',
        AWS_LAMBDA_FUNCTION_NAME: 'slack-forwarder',
        AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/slack-forwarder',
        AWS_MAX_ATTEMPTS: '',
        NODE_OPTIONS: '',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // Plain node: never the parent's flags (ts-node's -e would run the caller's script again in each instance).
      execArgv: [],
    });
    const instance = new Instance(child);
    const keep = (chunk: Buffer) => {
      instance.log.push(...chunk.toString().split('\n').filter(Boolean));
      if (instance.log.length > 400) instance.log.splice(0, instance.log.length - 400);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.on('message', (m: any) => this.onMessage(instance, m));
    child.on('exit', () => {
      this.active.delete(instance);
      instance.setIdle(null);
    });
    this.instances.push(instance);
    this.active.add(instance);
    return instance;
  }

  private onMessage(instance: Instance, m: any): void {
    if (m.t === 'idle') {
      if (m.seen === instance.sent) instance.setIdle(m.next);
    } else if (m.t === 'done') {
      const inv = instance.invocation;
      if (inv && inv.id === m.id) {
        instance.invocation = undefined;
        inv.resolve({ ok: m.ok, value: m.value });
      }
    } else if (m.t === 'fetch') {
      this.relay(instance, m);
    } else if (m.t === 'abort') {
      for (const [id, r] of this.relays) {
        if (r.instance === instance && r.rid === m.rid) {
          this.relays.delete(id);
          r.req.destroy();
        }
      }
    }
  }

  /** Posts an instance's fetch to the Slack stand-in and answers the instance when it does. */
  private relay(instance: Instance, m: any): void {
    const id = ++this.relaySeq;
    const target = new URL(m.url);
    if (target.host !== new URL(this.slack.endpoint).host) {
      this.problems.push(`the handler fetched ${target.host}, not the Slack stand-in`);
      instance.send({ t: 'fail', rid: m.rid, message: 'ENOTFOUND' });
      return;
    }
    this.transit++;
    const req = http.request(`${this.slack.endpoint}${target.pathname}`, {
      method: m.method, headers: { 'content-type': 'application/json', 'x-sim-relay': String(id) }, agent: false,
    }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        if (!this.relays.delete(id)) return;
        const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
        instance.send({ t: 'answer', rid: m.rid, status: res.statusCode, text, headers, url: m.url });
        this.transitDone();
      });
    });
    req.on('error', (error) => {
      if (!this.relays.delete(id)) return;
      instance.send({ t: 'fail', rid: m.rid, message: error.message });
      this.transitDone();
    });
    this.relays.set(id, { req, instance, rid: m.rid });
    req.end(m.body);
  }

  /** One invocation on a free instance (a new one when all are busy), bounded by the function's timeout. */
  invoke(event: unknown): Promise<{ ok: boolean; value: any } | 'timeout'> {
    const instance = [...this.active].find((i) => !i.invocation) ?? this.spawn();
    const id = `inv-${++this.invokeSeq}`;
    const deadline = this.now + this.settings.fn.timeoutS * 1000;
    return new Promise((done) => {
      instance.invocation = { id, resolve: done, deadline };
      instance.send({ t: 'invoke', id, event, deadline, now: this.now });
      this.at(deadline, () => {
        if (instance.invocation?.id !== id) return;
        // Lambda stops the instance at its timeout: what it did not return is retried by the queue.
        instance.invocation = undefined;
        this.active.delete(instance);
        instance.child.kill('SIGKILL');
        instance.setIdle(null);
        done('timeout');
      });
    });
  }

  /* ----- the record ----- */

  /** Where the messages of a notification key are: buffer, dlq, deleted, expired. */
  whereIs(key: string): string[] {
    return [
      ...this.messages.filter((m) => m.key === key).map((m) => m.queue),
      ...this.deleted.filter((m) => m.key === key).map(() => 'deleted'),
      ...this.expired.filter((m) => m.key === key).map(() => 'expired'),
    ];
  }

  /** The last lines the instances logged (for a failing assertion's message). */
  logTail(lines = 40): string {
    return this.instances.flatMap((i) => i.log).slice(-lines).join('\n');
  }
}

function compare(operator: string, value: number, threshold: number): boolean {
  switch (operator) {
    case 'GreaterThanThreshold': return value > threshold;
    case 'GreaterThanOrEqualToThreshold': return value >= threshold;
    case 'LessThanThreshold': return value < threshold;
    case 'LessThanOrEqualToThreshold': return value <= threshold;
    default: return false;
  }
}

export function arnOfQueue(id: string): string {
  return `arn:aws:sqs:${REGION}:${ACCOUNT}:${id}`;
}

/** An SNS notification envelope as SNS puts it in an SQS queue (raw message delivery off). */
export function snsEnvelope(topicArn: string, subject: string | undefined, message: string, messageId: string,
  attributes: { [name: string]: string } = {}): any {
  return {
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: topicArn,
    Subject: subject,
    Message: message,
    Timestamp: new Date(START_MS).toISOString(),
    SignatureVersion: '1',
    MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { Type: 'String', Value: v }])),
  };
}
