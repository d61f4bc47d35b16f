import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cfnLint } from './cfn-lint';

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
});
