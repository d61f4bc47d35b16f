/*
 * The AWS APIs the forwarder calls, on 127.0.0.1, speaking their real wire protocols (the SDK v3
 * clients of the bundle talk to them through AWS_ENDPOINT_URL): Secrets Manager (JSON 1.1),
 * AWS Backup (REST-JSON), SQS (JSON 1.0), SNS (query), DynamoDB (JSON 1.0). The state they act on
 * (queues, topics, the table, the secret) is the simulation's (simulation.ts).
 */
import * as http from 'http';
import { LocalAwsApi } from '../../../support/local-aws-api';

/** What the stand-ins ask the simulation. */
export interface AwsModel {
  /** Secrets Manager GetSecretValue: the secret string, or an error type (AccessDeniedException…). */
  getSecretValue(secretId: string): { secretString: string } | { error: string; message: string };
  /** SQS calls (ChangeMessageVisibility, StartMessageMoveTask, …): the answer, or an error type. */
  sqs(operation: string, input: any): { output: any } | { error: string; message: string };
  /** SNS Publish. */
  publish(topicArn: string, subject: string | undefined, message: string): string;
  /** DynamoDB calls. */
  dynamodb(operation: string, input: any): { output: any } | { error: string; message: string };
  /** Describe*Job (the job's failure reason). */
  describeJob(kind: 'backup' | 'copy' | 'restore', jobId: string): any;
}

export class AwsStandIns extends LocalAwsApi {
  /** Calls made, by service and operation. */
  readonly calls = new Map<string, number>();

  constructor(private readonly model: AwsModel) {
    super();
  }

  protected handle(method: string, url: URL, body: any, res: http.ServerResponse, req: http.IncomingMessage): void {
    res.sendDate = false;
    const target = String(req.headers['x-amz-target'] ?? '');
    const [service, operation] = target.includes('.') ? target.split('.') : ['', ''];
    const count = (name: string) => this.calls.set(name, (this.calls.get(name) ?? 0) + 1);
    if (service === 'secretsmanager') {
      count(`secretsmanager:${operation}`);
      const answer = this.model.getSecretValue(body?.SecretId);
      if ('error' in answer) return this.jsonError(res, 400, answer.error, answer.message, 'application/x-amz-json-1.1');
      return this.typed(res, 'application/x-amz-json-1.1', { ARN: body.SecretId, Name: 'webhook', SecretString: answer.secretString, VersionId: 'v1' });
    }
    if (service === 'AmazonSQS') {
      count(`sqs:${operation}`);
      const answer = this.model.sqs(operation, body);
      if ('error' in answer) return this.jsonError(res, 400, `com.amazonaws.sqs#${answer.error}`, answer.message, 'application/x-amz-json-1.0');
      return this.typed(res, 'application/x-amz-json-1.0', answer.output);
    }
    if (service.startsWith('DynamoDB_')) {
      count(`dynamodb:${operation}`);
      const answer = this.model.dynamodb(operation, body);
      if ('error' in answer) return this.jsonError(res, 400, `com.amazonaws.dynamodb.v20120810#${answer.error}`, answer.message, 'application/x-amz-json-1.0');
      return this.typed(res, 'application/x-amz-json-1.0', answer.output);
    }
    if (body && body.Action === 'Publish') {
      count('sns:Publish');
      const id = this.model.publish(body.TopicArn, body.Subject, body.Message);
      res.writeHead(200, { 'content-type': 'text/xml' }).end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${id}</MessageId></PublishResult>` +
        '<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>');
      return;
    }
    const job = /^\/(backup|copy|restore)-jobs\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && job) {
      count(`backup:Describe${job[1]}Job`);
      return this.json(res, 200, this.model.describeJob(job[1] as any, decodeURIComponent(job[2])));
    }
    this.error(res, 400, 'UnknownOperationException', `the stand-ins do not implement ${method} ${url.pathname} ${target}`);
  }

  private typed(res: http.ServerResponse, contentType: string, body: unknown): void {
    res.writeHead(200, { 'content-type': contentType }).end(JSON.stringify(body ?? {}));
  }

  private jsonError(res: http.ServerResponse, status: number, type: string, message: string, contentType: string): void {
    res.writeHead(status, { 'content-type': contentType, 'x-amzn-errortype': type.split('#').pop()! })
      .end(JSON.stringify({ __type: type, message }));
  }
}

/* ---- DynamoDB expressions: what the forwarder's dedupe table uses (conditions, SET updates). ---- */

type Item = { [name: string]: any };

function tokens(expression: string): string[] {
  return expression.match(/attribute_not_exists|attribute_exists|<>|<=|>=|[=<>(),]|[#:]?[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
}

function compare(a: any, b: any): number {
  const value = (v: any) => v === undefined ? undefined : v.N !== undefined ? Number(v.N) : v.S ?? v.BOOL ?? JSON.stringify(v);
  const x = value(a);
  const y = value(b);
  if (x === undefined || y === undefined) return NaN;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Evaluates a ConditionExpression on an item (undefined: no item). */
export function evaluateCondition(expression: string, item: Item | undefined,
  names: { [k: string]: string } = {}, values: { [k: string]: any } = {}): boolean {
  const t = tokens(expression);
  let i = 0;
  const name = (tok: string) => tok.startsWith('#') ? names[tok] : tok;
  const operand = (tok: string) => tok.startsWith(':') ? values[tok] : item?.[name(tok)];
  const primary = (): boolean => {
    const tok = t[i++];
    if (tok === '(') {
      const v = or();
      i++; // ')'
      return v;
    }
    if (tok === 'NOT') return !primary();
    if (tok === 'attribute_not_exists' || tok === 'attribute_exists') {
      i++; // '('
      const attr = name(t[i++]);
      i++; // ')'
      const exists = item !== undefined && item[attr] !== undefined;
      return tok === 'attribute_exists' ? exists : !exists;
    }
    const op = t[i++];
    const right = t[i++];
    const c = compare(operand(tok), operand(right));
    switch (op) {
      case '=': return c === 0;
      case '<>': return c !== 0;
      case '<': return c < 0;
      case '<=': return c <= 0;
      case '>': return c > 0;
      case '>=': return c >= 0;
      default: throw new Error(`unsupported condition near ${op} in ${expression}`);
    }
  };
  const and = (): boolean => {
    let v = primary();
    while (t[i] === 'AND') {
      i++;
      const w = primary();
      v = v && w;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (t[i] === 'OR') {
      i++;
      const w = and();
      v = v || w;
    }
    return v;
  };
  return or();
}

/** Applies `SET a = :v, #b = :w` to an item. */
export function applyUpdate(expression: string, item: Item, names: { [k: string]: string } = {}, values: { [k: string]: any } = {}): Item {
  const m = /^\s*SET\s+(.+)$/i.exec(expression);
  if (!m) throw new Error(`unsupported update expression ${expression}`);
  const next = { ...item };
  for (const assignment of m[1].split(',')) {
    const [left, right] = assignment.split('=').map((s) => s.trim());
    next[left.startsWith('#') ? names[left] : left] = right.startsWith(':') ? values[right] : item[right];
  }
  return next;
}

/** A DynamoDB table keyed by `pk` (string), as the dedupe contract says. TTL deletes nothing on its own: AWS removes expired items "within a few days", reads still see them. */
export class ModelTable {
  readonly items = new Map<string, Item>();

  call(operation: string, input: any): { output: any } | { error: string; message: string } {
    const key = input?.Key?.pk?.S ?? input?.Item?.pk?.S;
    if (typeof key !== 'string') return { error: 'ValidationException', message: 'the key pk (S) is missing' };
    const current = this.items.get(key);
    const conditionHolds = () => !input.ConditionExpression
      || evaluateCondition(input.ConditionExpression, current, input.ExpressionAttributeNames, input.ExpressionAttributeValues);
    switch (operation) {
      case 'GetItem':
        return { output: current ? { Item: current } : {} };
      case 'PutItem':
        if (!conditionHolds()) return { error: 'ConditionalCheckFailedException', message: 'The conditional request failed' };
        this.items.set(key, input.Item);
        return { output: {} };
      case 'UpdateItem': {
        if (!conditionHolds()) return { error: 'ConditionalCheckFailedException', message: 'The conditional request failed' };
        const names = input.ExpressionAttributeNames;
        const next = applyUpdate(input.UpdateExpression, current ?? { pk: { S: key } }, names, input.ExpressionAttributeValues);
        this.items.set(key, next);
        return { output: input.ReturnValues === 'ALL_NEW' ? { Attributes: next } : {} };
      }
      case 'DeleteItem':
        if (!conditionHolds()) return { error: 'ConditionalCheckFailedException', message: 'The conditional request failed' };
        this.items.delete(key);
        return { output: {} };
      default:
        return { error: 'UnknownOperationException', message: operation };
    }
  }
}
