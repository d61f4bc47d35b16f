import { spawnSync } from 'child_process';
import { serviceEndpoint, signRequest } from '../../../src/private/handler/aws-request';

const EXAMPLE_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

test('Signature Version 4: AWS\'s published example (IAM ListUsers, 2015-08-30T12:36:00Z) gives its signature', () => {
  // The example of the IAM User Guide's "Create a signed AWS API request" (and the SigV4 test suite).
  const headers = signRequest({
    method: 'GET',
    host: 'iam.amazonaws.com',
    path: '/',
    query: { Action: 'ListUsers', Version: '2010-05-08' },
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
  }, 'iam', 'us-east-1', EXAMPLE_CREDENTIALS, new Date('2015-08-30T12:36:00Z'));
  expect(headers.authorization).toBe(
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, ' +
    'SignedHeaders=content-type;host;x-amz-date, ' +
    'Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
  expect(headers['x-amz-date']).toBe('20150830T123600Z');
});

/** botocore's own SigV4 signer (Python, preinstalled with moto): a second, independent implementation. */
function botocoreAuthorization(method: string, url: string, body: string, headers: Record<string, string>, service: string, token: string): string {
  const script = `
import json, sys, datetime
from unittest import mock
from botocore.auth import SigV4Auth, S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
a = json.loads(sys.argv[1])
req = AWSRequest(method=a['method'], url=a['url'], data=a['body'].encode(), headers=a['headers'])
creds = Credentials('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', a['token'])
cls = S3SigV4Auth if a['service'] == 's3' else SigV4Auth
with mock.patch('botocore.auth.get_current_datetime', return_value=datetime.datetime(2026, 12, 1, 5, 40, 0)):
    cls(creds, a['service'], 'eu-west-1').add_auth(req)
print(req.headers['Authorization'])
`;
  const r = spawnSync('python3', ['-c', script, JSON.stringify({ method, url, body, headers, service, token })], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

test.each([
  ['Lambda Invoke (a path with an ARN, encoded twice)', 'lambda', 'POST', '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Acheck/invocations', {}, '{"a":1}'],
  ['EFS DescribeFileSystems (a query string)', 'elasticfilesystem', 'GET', '/2015-02-01/file-systems', { FileSystemId: 'fs-0123abcd' }, ''],
  ['S3 HeadBucket (payload hash header, path not encoded twice)', 's3', 'HEAD', '/awsbackup-restore-test-orders', {}, ''],
])('Signature Version 4 agrees with botocore: %s', (_what, service, method, path, query: Record<string, string>, body) => {
  const host = `${service}.eu-west-1.amazonaws.com`;
  const ours = signRequest({ method, host, path, query, body, headers: { 'Content-Type': 'application/json' } },
    service, 'eu-west-1', { ...EXAMPLE_CREDENTIALS, sessionToken: 'session-token' }, new Date('2026-12-01T05:40:00Z'));
  const qs = new URLSearchParams(query).toString();
  const theirs = botocoreAuthorization(method, `https://${host}${path}${qs ? `?${qs}` : ''}`, body,
    { 'Content-Type': 'application/json' }, service, 'session-token');
  expect(ours.authorization).toBe(theirs);
});

test('endpoints: the service override, then AWS_ENDPOINT_URL, then the regional endpoint (China: amazonaws.com.cn)', () => {
  expect(serviceEndpoint('dynamodb', 'eu-west-1', { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1/', AWS_ENDPOINT_URL: 'http://127.0.0.1:2' })).toBe('http://127.0.0.1:1');
  expect(serviceEndpoint('elasticfilesystem', 'eu-west-1', { AWS_ENDPOINT_URL: 'http://127.0.0.1:2' })).toBe('http://127.0.0.1:2');
  expect(serviceEndpoint('rds', 'eu-west-1', {})).toBe('https://rds.eu-west-1.amazonaws.com');
  expect(serviceEndpoint('ec2', 'cn-north-1', {})).toBe('https://ec2.cn-north-1.amazonaws.com.cn');
});
