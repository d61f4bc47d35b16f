// The default restore validation: one cheap, read-only call that shows the restored resource exists
// and is usable (DescribeDBInstances "available", DescribeTable ACTIVE, HeadBucket 200…).
// Runs inside the restore validation handler: no aws-cdk-lib here.
import { AwsHttp, AwsResponse } from '../../private/handler/aws-request';

/** What a check found. `NOT_CHECKED`: no cheap check exists for this kind of resource. */
export interface CheckVerdict {
  readonly status: 'SUCCESSFUL' | 'FAILED' | 'NOT_CHECKED';
  readonly message: string;
}

/** A throttled or unavailable service: worth a retry, not a verdict on the resource. */
export class TransientCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientCheckError';
  }
}

interface Check {
  /** What the check calls, for messages and the IAM policy. */
  readonly call: string;
  run(http: AwsHttp): Promise<CheckVerdict>;
}

/**
 * The kinds of restored resources the default validation checks, with the read-only IAM action
 * each needs. Exported for the construct's least-privilege policy.
 */
export const CHECKED_RESOURCES = {
  RDS: 'rds:DescribeDBInstances',
  CLUSTER: 'rds:DescribeDBClusters',
  DYNAMODB: 'dynamodb:DescribeTable',
  S3: 's3:ListBucket',
  EFS: 'elasticfilesystem:DescribeFileSystems',
  EBS: 'ec2:DescribeVolumes',
  EC2: 'ec2:DescribeInstances',
} as const;

const QUERY_FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

/** Checks the restored resource named by `createdResourceArn`. */
export async function checkRestoredResource(http: AwsHttp, createdResourceArn: string | undefined): Promise<CheckVerdict> {
  if (!createdResourceArn) {
    return { status: 'FAILED', message: 'the restore job names no created resource (createdResourceArn is missing)' };
  }
  const check = checkFor(createdResourceArn);
  if (!check) {
    return { status: 'NOT_CHECKED', message: `no default check for ${createdResourceArn}: attach a validation function for this resource type` };
  }
  return check.run(http);
}

/** The check for a restored resource's ARN, if any. */
function checkFor(arn: string): Check | undefined {
  const parts = arn.split(':');
  const [, , service] = parts;
  const resource = parts.slice(5).join(':');
  let m: RegExpMatchArray | null;
  if (service === 'rds' && (m = resource.match(/^db:(.+)$/))) return rdsInstance(m[1]);
  if (service === 'rds' && (m = resource.match(/^cluster:(.+)$/))) return rdsCluster(m[1]);
  if (service === 'dynamodb' && (m = resource.match(/^table\/([^/]+)$/))) return dynamoDbTable(m[1]);
  if (service === 's3' && (m = resource.match(/^([^/]+)$/))) return s3Bucket(m[1]);
  if (service === 'elasticfilesystem' && (m = resource.match(/^file-system\/(fs-[0-9a-f]+)$/))) return efsFileSystem(m[1]);
  if (service === 'ec2' && (m = resource.match(/^volume\/(vol-[0-9a-f]+)$/))) return ebsVolume(m[1]);
  if (service === 'ec2' && (m = resource.match(/^instance\/(i-[0-9a-f]+)$/))) return ec2Instance(m[1]);
  return undefined;
}

function rdsInstance(id: string): Check {
  const call = `DescribeDBInstances(${id})`;
  return {
    call,
    run: async (http) => {
      const r = await send(http, call, { service: 'rds', method: 'POST', path: '/', headers: QUERY_FORM, body: form({ Action: 'DescribeDBInstances', Version: '2014-10-31', DBInstanceIdentifier: id }) });
      if (r.status !== 200) return failed(call, r);
      return expectState(call, xmlValue(r.body, 'DBInstanceStatus'), ['available']);
    },
  };
}

function rdsCluster(id: string): Check {
  const call = `DescribeDBClusters(${id})`;
  return {
    call,
    run: async (http) => {
      const r = await send(http, call, { service: 'rds', method: 'POST', path: '/', headers: QUERY_FORM, body: form({ Action: 'DescribeDBClusters', Version: '2014-10-31', DBClusterIdentifier: id }) });
      if (r.status !== 200) return failed(call, r);
      // The cluster's own <Status>, not its members' or security groups' (nested elements removed first).
      const own = r.body.replace(/<(DBClusterMembers|VpcSecurityGroups|AssociatedRoles|DBClusterOptionGroupMemberships)>[\s\S]*?<\/\1>/g, '');
      return expectState(call, xmlValue(own, 'Status'), ['available']);
    },
  };
}

function dynamoDbTable(name: string): Check {
  const call = `DescribeTable(${name})`;
  return {
    call,
    run: async (http) => {
      const r = await send(http, call, {
        service: 'dynamodb',
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.DescribeTable' },
        body: JSON.stringify({ TableName: name }),
      });
      if (r.status !== 200) return failed(call, r);
      return expectState(call, parseJson(r.body)?.Table?.TableStatus, ['ACTIVE']);
    },
  };
}

function s3Bucket(bucket: string): Check {
  const call = `HeadBucket(${bucket})`;
  return {
    call,
    run: async (http) => {
      const r = await send(http, call, { service: 's3', method: 'HEAD', path: `/${encodeURIComponent(bucket)}` });
      if (r.status === 200) return { status: 'SUCCESSFUL', message: `${call}: the bucket exists and is reachable` };
      return failed(call, r);
    },
  };
}

function efsFileSystem(id: string): Check {
  const call = `DescribeFileSystems(${id})`;
  return {
    call,
    run: async (http) => {
      const r = await send(http, call, { service: 'elasticfilesystem', method: 'GET', path: '/2015-02-01/file-systems', query: { FileSystemId: id } });
      if (r.status !== 200) return failed(call, r);
      return expectState(call, parseJson(r.body)?.FileSystems?.[0]?.LifeCycleState, ['available']);
    },
  };
}

function ebsVolume(id: string): Check {
  const call = `DescribeVolumes(${id})`;
  return {
    call,
    run: async (http) => {
      const r = await send(http, call, { service: 'ec2', method: 'POST', path: '/', headers: QUERY_FORM, body: form({ 'Action': 'DescribeVolumes', 'Version': '2016-11-15', 'VolumeId.1': id }) });
      if (r.status !== 200) return failed(call, r);
      const own = r.body.replace(/<attachmentSet>[\s\S]*?<\/attachmentSet>/g, '');
      return expectState(call, xmlValue(own, 'status'), ['available', 'in-use']);
    },
  };
}

function ec2Instance(id: string): Check {
  const call = `DescribeInstances(${id})`;
  return {
    call,
    run: async (http) => {
      const r = await send(http, call, { service: 'ec2', method: 'POST', path: '/', headers: QUERY_FORM, body: form({ 'Action': 'DescribeInstances', 'Version': '2016-11-15', 'InstanceId.1': id }) });
      if (r.status !== 200) return failed(call, r);
      const state = r.body.match(/<instanceState>[\s\S]*?<name>([^<]*)<\/name>[\s\S]*?<\/instanceState>/)?.[1];
      return expectState(call, state, ['running']);
    },
  };
}

async function send(http: AwsHttp, call: string, request: Parameters<AwsHttp['send']>[0]): Promise<AwsResponse> {
  let response: AwsResponse;
  try {
    response = await http.send(request);
  } catch (error) {
    throw new TransientCheckError(`${call} could not be sent: ${error instanceof Error ? error.message : String(error)}`);
  }
  const code = errorCode(response);
  if (response.status >= 500 || response.status === 429 || /Throttl|RequestLimitExceeded|TooManyRequests/.test(code ?? '')) {
    throw new TransientCheckError(`${call} answered ${response.status}${code ? ` ${code}` : ''}`);
  }
  return response;
}

function expectState(call: string, state: string | undefined, good: string[]): CheckVerdict {
  if (state !== undefined && good.includes(state)) return { status: 'SUCCESSFUL', message: `${call}: ${state}` };
  return { status: 'FAILED', message: `${call}: state ${state ?? '(none)'}, expected ${good.join(' or ')}` };
}

function failed(call: string, r: AwsResponse): CheckVerdict {
  const code = errorCode(r);
  const text = errorMessage(r);
  const what = r.status === 404 || /NotFound/.test(code ?? '') ? 'not found' : 'refused';
  return { status: 'FAILED', message: `${call}: ${what} (${r.status}${code ? ` ${code}` : ''}${text ? `: ${text}` : ''})` };
}

function errorCode(r: AwsResponse): string | undefined {
  if (r.status < 300) return undefined;
  const header = r.headers['x-amzn-errortype'];
  if (header) return header.split(':')[0];
  const json = parseJson(r.body);
  if (typeof json?.__type === 'string') return json.__type.split('#').pop();
  if (typeof json?.ErrorCode === 'string') return json.ErrorCode;
  return xmlValue(r.body, 'Code');
}

function errorMessage(r: AwsResponse): string | undefined {
  const json = parseJson(r.body);
  const text = json?.message ?? json?.Message ?? xmlValue(r.body, 'Message');
  return typeof text === 'string' ? text.slice(0, 300) : undefined;
}

function xmlValue(xml: string, element: string): string | undefined {
  return xml.match(new RegExp(`<${element}>([^<]*)</${element}>`))?.[1];
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function form(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}
