// A small signed HTTP client for the few read-only AWS calls the restore validation handler makes
// (DescribeTable, HeadBucket, DescribeDBInstances…, Lambda Invoke). It uses Node.js built-ins only:
// the handler's bundle needs no SDK client per service. No aws-cdk-lib here.
//
// Signature Version 4: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
import { createHash, createHmac } from 'crypto';

/** Credentials (from the Lambda environment). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** One request to sign and send. */
export interface AwsRequest {
  /** The signing name, e.g. `dynamodb`, `rds`, `elasticfilesystem`, `s3`, `ec2`, `lambda`. */
  readonly service: string;
  readonly method: 'GET' | 'HEAD' | 'POST';
  /** The path (already URI-encoded), e.g. `/` or `/2015-02-01/file-systems`. */
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** How long to wait for the answer, in milliseconds (default: the client's). */
  readonly timeoutMs?: number;
}

/** The answer, as received. */
export interface AwsResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Sends signed requests. */
export interface AwsHttp {
  send(request: AwsRequest): Promise<AwsResponse>;
}

/** The environment variable that overrides a service's endpoint, as the AWS SDKs read it. */
const ENDPOINT_ENV: Record<string, string> = {
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  s3: 'AWS_ENDPOINT_URL_S3',
  rds: 'AWS_ENDPOINT_URL_RDS',
  elasticfilesystem: 'AWS_ENDPOINT_URL_EFS',
  ec2: 'AWS_ENDPOINT_URL_EC2',
  lambda: 'AWS_ENDPOINT_URL_LAMBDA',
};

/** RFC 3986 encoding, as SigV4 wants it. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * Signs a request with Signature Version 4 and returns the headers to send (including
 * `authorization`, `x-amz-date` and, with temporary credentials, `x-amz-security-token`).
 */
export function signRequest(
  request: { method: string; host: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body?: string },
  service: string, region: string, credentials: AwsCredentials, now: Date,
): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers ?? {})) headers[k.toLowerCase()] = v.trim();
  headers.host = request.host;
  headers['x-amz-date'] = amzDate;
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const payloadHash = sha256(request.body ?? '');
  if (service === 's3') headers['x-amz-content-sha256'] = payloadHash;

  const names = Object.keys(headers).sort();
  const canonicalQuery = Object.entries(request.query ?? {})
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : (a < b ? -1 : 1)))
    .map(([k, v]) => `${k}=${v}`).join('&');
  // Every service but S3 signs the path URI-encoded once more.
  const canonicalPath = service === 's3' ? request.path : request.path.split('/').map(uriEncode).join('/');
  const canonicalRequest = [
    request.method,
    canonicalPath,
    canonicalQuery,
    names.map((n) => `${n}:${headers[n]}\n`).join(''),
    names.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region), service), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  return headers;
}

/** The base URL of a service: its endpoint override, else the regional endpoint. */
export function serviceEndpoint(service: string, region: string, env: NodeJS.ProcessEnv = process.env): string {
  const override = env[ENDPOINT_ENV[service] ?? ''] ?? env.AWS_ENDPOINT_URL;
  if (override) return override.replace(/\/$/, '');
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${service}.${region}.${suffix}`;
}

/** A signed HTTP client for the Lambda's own credentials and region. */
export function awsHttp(options: { region?: string; credentials?: AwsCredentials; timeoutMs?: number } = {}): AwsHttp {
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  return {
    async send(request) {
      const credentials = options.credentials ?? {
        accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '',
        sessionToken: process.env.AWS_SESSION_TOKEN,
      };
      const base = new URL(serviceEndpoint(request.service, region));
      const path = `${base.pathname.replace(/\/$/, '')}${request.path}`;
      const { method, query: q, headers: h, body } = request;
      const headers = signRequest({ method, query: q, headers: h, body, host: base.host, path }, request.service, region, credentials, new Date());
      delete headers.host; // fetch sets it (to the same value)
      const query = new URLSearchParams(request.query ?? {}).toString().replace(/\+/g, '%20');
      const response = await fetch(`${base.protocol}//${base.host}${path}${query ? `?${query}` : ''}`, {
        method: request.method,
        headers,
        body: request.body,
        signal: AbortSignal.timeout(request.timeoutMs ?? options.timeoutMs ?? 10_000),
      });
      const out: Record<string, string> = {};
      response.headers.forEach((v, k) => { out[k.toLowerCase()] = v; });
      return { status: response.status, headers: out, body: request.method === 'HEAD' ? '' : await response.text() };
    },
  };
}
