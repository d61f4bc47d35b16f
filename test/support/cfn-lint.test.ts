import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cfnLint, cfnLintServer, cfnLintThrough } from './cfn-lint';

describe('cfnLint (the template check of the synth tests)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, template: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(template));
    return file;
  };

  test('finds what CloudFormation would reject, and nothing in a valid template (one cfn-lint call)', () => {
    const valid = write('valid.json', { Resources: { Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'production-vault' } } } });
    const invalid = write('invalid.json', { Resources: { Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultNam: 'production-vault' } } } });
    const findings = cfnLint([valid, invalid]);
    expect(findings.filter((f) => f.Filename === valid)).toEqual([]);
    expect(findings.filter((f) => f.Filename === invalid && f.Level === 'Error').map((f) => f.Message).join('\n')).toMatch(/BackupVaultNam/);
  });

  test('fails saying what to install when cfn-lint cannot be run (the check is never skipped)', () => {
    const valid = write('probe.json', { Resources: { Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'production-vault' } } } });
    expect(() => cfnLint([valid], 'cfn-lint-that-does-not-exist')).toThrow(
      /cfn-lint is required by this test but could not be run \(spawnSync cfn-lint-that-does-not-exist ENOENT\)\. Is cfn-lint installed\? pip install 'cfn-lint>=1\.51'/);
    expect(() => cfnLint([valid], 'false')).toThrow(/cfn-lint did not produce JSON \(exit 1\)/);
  });

  describe("the worker's warm cfn-lint (cfn-lint-server.py)", () => {
    const paths = [
      write('served-valid.json', { Resources: { Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultName: 'production-vault' } } } }),
      write('served-invalid.json', {
        Resources: {
          Vault: { Type: 'AWS::Backup::BackupVault', Properties: { BackupVaultNam: 'production-vault' } },
          Plan: { Type: 'AWS::Backup::BackupPlan', Properties: { BackupPlan: { BackupPlanName: 'p', BackupPlanRule: [{ RuleName: 'r', TargetBackupVault: { Ref: 'Missing' } }] } } },
        },
        Outputs: { Unused: { Value: { 'Fn::GetAtt': ['Vault', 'NoSuchAttribute'] } } },
      }),
    ];
    // What the cfn-lint command answers (about 2 s of CPU a run: once for the file).
    let command: ReturnType<typeof cfnLint> | undefined;
    const commandAnswer = () => (command ??= cfnLintThrough('command', paths));

    test('answers exactly what the cfn-lint command answers, call after call', () => {
      expect(commandAnswer().filter((f) => f.Filename === paths[1]).length).toBeGreaterThanOrEqual(3);
      expect(cfnLintThrough('server', paths)).toEqual(commandAnswer());
      expect(cfnLintThrough('server', paths)).toEqual(commandAnswer()); // the warm process again
      expect(cfnLintThrough('server', [paths[0]])).toEqual([]);
    });

    test('cfnLint falls back to the command when the server cannot start', () => {
      // A unix socket path is at most about 100 bytes: no server can listen there.
      const deep = path.join(dir, 'x'.repeat(120));
      fs.mkdirSync(deep);
      const socket = jest.spyOn(cfnLintServer, 'socketPath').mockReturnValue(path.join(deep, 'cfn-lint.sock'));
      try {
        expect(() => cfnLintServer.answer(['--format', 'json', '--', paths[0]])).toThrow(/the socket path is too long/);
        expect(cfnLint(paths)).toEqual(commandAnswer());
        expect(socket).toHaveBeenCalled();
      } finally {
        socket.mockRestore();
      }
    });

    test('ends when its stdin closes (the jest worker that started it exited)', async () => {
      const socket = path.join(dir, 'lifetime.sock');
      const server = spawn('python3', [path.join(__dirname, 'cfn-lint-server.py'), '--socket', socket], { stdio: ['pipe', 'ignore', 'inherit'] });
      const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
      for (let i = 0; i < 100 && !fs.existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
      expect(fs.existsSync(socket)).toBe(true);
      expect(server.exitCode).toBeNull();
      server.stdin!.end();
      const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still running after 5 s'), 5_000).unref());
      const result = await Promise.race([exited, timeout]);
      if (result === 'still running after 5 s') server.kill('SIGKILL');
      expect(result).toBe(0);
    });
  });
});
