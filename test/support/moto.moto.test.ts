import { CreateSecretCommand, GetSecretValueCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startRunMotoServer } from './global-setup';
import {
  freePort, MOTO_ENDPOINT_VARIABLE, MOTO_UNAVAILABLE_VARIABLE, MotoAccount, motoAccount, motoEndpoint, spawnMotoServer, waitForMoto,
} from './moto';

const client = (account: MotoAccount) => new SecretsManagerClient({
  endpoint: account.endpoint, region: 'us-east-1', credentials: account.credentials,
});

describe('the run\'s moto_server (started by the jest global setup)', () => {
  test('answers AWS SDK v3 calls on loopback, in a fresh account per motoAccount()', async () => {
    const [a, b] = [await motoAccount(), await motoAccount()];
    expect(a.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.endpoint).toBe(process.env[MOTO_ENDPOINT_VARIABLE]);
    expect(a.accountId).toMatch(/^\d{12}$/);
    expect(b.accountId).not.toBe(a.accountId);

    const created = await client(a).send(new CreateSecretCommand({ Name: 'probe', SecretString: 'value' }));
    expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:${a.accountId}:secret:probe-`));
    expect((await client(a).send(new GetSecretValueCommand({ SecretId: 'probe' }))).SecretString).toBe('value');
    // The other account sees none of it, and may use the same name.
    expect((await client(b).send(new ListSecretsCommand({}))).SecretList).toEqual([]);
    await client(b).send(new CreateSecretCommand({ Name: 'probe', SecretString: 'other' }));
    expect((await client(a).send(new GetSecretValueCommand({ SecretId: 'probe' }))).SecretString).toBe('value');
  });

  test('the environment points an SDK at the account: endpoint, its credentials, a region', async () => {
    const account = await motoAccount();
    expect(account.environment).toEqual({
      AWS_ENDPOINT_URL: account.endpoint,
      AWS_ACCESS_KEY_ID: account.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: account.credentials.secretAccessKey,
      AWS_SESSION_TOKEN: account.credentials.sessionToken,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
    });
  });
});

describe('without moto_server, the tests that need it fail saying what to install', () => {
  const saved = { ...process.env };
  afterEach(() => { process.env = { ...saved }; });

  test('a command that cannot be run is refused with the install hint', async () => {
    await expect(spawnMotoServer('moto_server-that-does-not-exist')).rejects.toThrow(
      /moto_server is required by the tests that call AWS APIs but could not be run \(spawn moto_server-that-does-not-exist ENOENT\)\. Install it with: pip install 'moto\[server\]'/);
  });

  test('the global setup passes the reason on: motoEndpoint() throws it', async () => {
    await startRunMotoServer('moto_server-that-does-not-exist');
    expect(process.env[MOTO_ENDPOINT_VARIABLE]).toBeUndefined();
    expect(process.env[MOTO_UNAVAILABLE_VARIABLE]).toMatch(/^moto_server is required/);
    await expect(motoEndpoint()).rejects.toThrow(/pip install 'moto\[server\]'/);
    await expect(motoAccount()).rejects.toThrow(/pip install 'moto\[server\]'/);
  });

  test('run outside the project\'s jest configuration (no global setup): says so', async () => {
    delete process.env[MOTO_ENDPOINT_VARIABLE];
    await expect(motoEndpoint()).rejects.toThrow(`${MOTO_ENDPOINT_VARIABLE} is not set: moto_server is started by jest's globalSetup (test/support/global-setup.ts)`);
  });

  test('a server that does not answer: the endpoint and the time waited', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    await expect(waitForMoto(endpoint, undefined, 300)).rejects.toThrow(`moto_server did not answer on ${endpoint} within 0.3 s`);
  });
});
