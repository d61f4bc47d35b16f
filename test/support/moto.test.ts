import { SecretsManagerClient, CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { localAwsEnvironment, startMotoServer, MotoServer } from './moto';

let moto: MotoServer;
beforeAll(async () => { moto = await startMotoServer(); });
afterAll(async () => { await moto?.stop(); });

test('moto_server answers AWS SDK v3 calls on loopback', async () => {
  const env = localAwsEnvironment(moto.endpoint);
  const client = new SecretsManagerClient({
    endpoint: env.AWS_ENDPOINT_URL,
    region: env.AWS_REGION,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  await client.send(new CreateSecretCommand({ Name: 'probe', SecretString: 'value' }));
  const got = await client.send(new GetSecretValueCommand({ SecretId: 'probe' }));
  expect(got.SecretString).toBe('value');
  expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});
