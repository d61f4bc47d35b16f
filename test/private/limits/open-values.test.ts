import { Token } from 'aws-cdk-lib';
import { checkReportTemplateShape, checkResourceTypeShape, checkVaultEventShape } from '../../../src/private/limits';

// The shapes of values this library does not know yet (issue #13 item 5).
describe('open value shapes', () => {
  test.each(['SCAN_JOB_REPORT', 'A', 'REPORT_2'])('report template %s passes', (v) => {
    expect(checkReportTemplateShape('templates', v)).toBeUndefined();
  });

  test.each(['scan_job_report', '_REPORT', '2_REPORT', 'SCAN JOB', 'SCAN-JOB', ''])('report template "%s" fails naming the property and value', (v) => {
    expect(checkReportTemplateShape('templates', v)).toBe(
      `templates ("${v}") is not a report template name: an upper-case letter, then upper-case letters, digits and underscores, e.g. BACKUP_JOB_REPORT`);
  });

  test.each(['BACKUP_JOB_COMPLETED', 'E'])('vault event %s passes', (v) => {
    expect(checkVaultEventShape('events', v)).toBeUndefined();
  });

  test.each(['backup_job_completed', 'BACKUP JOB', ''])('vault event "%s" fails', (v) => {
    expect(checkVaultEventShape('events', v)).toMatch(new RegExp(`^events \\("${v}"\\) is not a backup vault event name`));
  });

  // The API's ResourceType pattern ^[a-zA-Z0-9\-\_\.]{1,50}$, plus the inner spaces of AWS's own names
  // (Redshift Serverless, SAP HANA on Amazon EC2, Storage Gateway).
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_UpdateRegionSettings.html
  test.each(['EBS', 'Redshift Serverless', 'SAP HANA on Amazon EC2', 'a.b-c_d', 'x'.repeat(50)])('resource type "%s" passes', (v) => {
    expect(checkResourceTypeShape('resourceTypeOptIn', v)).toBeUndefined();
  });

  test.each(['', ' EBS', 'EBS ', 'x'.repeat(51), 'S3/Bucket', 'Amazon:EC2'])('resource type "%s" fails', (v) => {
    expect(checkResourceTypeShape('resourceTypeOptIn', v)).toMatch(/is not an AWS Backup resource type name: 1 to 50 letters, digits, "-", "_", "." or inner spaces/);
  });

  test('tokens are not checked', () => {
    const token = Token.asString({ Ref: 'Param' });
    expect(checkReportTemplateShape('templates', token)).toBeUndefined();
    expect(checkVaultEventShape('events', token)).toBeUndefined();
    expect(checkResourceTypeShape('resourceTypeOptIn', token)).toBeUndefined();
  });
});
