import * as http from 'http';
import { AddressInfo } from 'net';
import { respond } from '../../../src/private/handler/custom-resource-response';

describe('custom resource response', () => {
  let server: http.Server;
  let endpoint: string;
  const received: { headers: http.IncomingHttpHeaders; body: any }[] = [];

  beforeAll(async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => { raw += c; });
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(raw) });
        res.writeHead(req.url === '/refuse' ? 403 : 200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => { await new Promise<void>((resolve) => server.close(() => resolve())); });
  beforeEach(() => { received.length = 0; });

  const event = (path = '/ok') => ({
    RequestType: 'Create', ResponseURL: `${endpoint}${path}`, StackId: 'stack', RequestId: 'req', LogicalResourceId: 'R',
  });

  test('SUCCESS carries the physical id and data, with an empty content type (S3 pre-signed URL)', async () => {
    await respond(event(), {}, 'fallback', async () => ({ physicalResourceId: 'pid', data: { A: '1' } }));
    expect(received[0].headers['content-type']).toBe('');
    expect(received[0].body).toEqual({
      Status: 'SUCCESS', PhysicalResourceId: 'pid', Data: { A: '1' }, StackId: 'stack', RequestId: 'req', LogicalResourceId: 'R',
    });
  });

  test('a handler about to time out answers FAILED instead of leaving the stack waiting', async () => {
    await respond(event(), { logStreamName: 'ls', getRemainingTimeInMillis: () => 1_000 }, 'fallback',
      () => new Promise(() => undefined));
    expect(received[0].body).toMatchObject({
      Status: 'FAILED', PhysicalResourceId: 'fallback', Reason: 'the handler ran out of time before finishing (log stream: ls)',
    });
  });

  test('a response URL that refuses the response is an error', async () => {
    await expect(respond(event('/refuse'), {}, 'fallback', async () => ({ physicalResourceId: 'pid' })))
      .rejects.toThrow(/response URL answered 403/);
  });
});
