import { CoverageReport, CoverageStatus } from '../report';

/** The report as text: per environment what it protects, then what nothing protects, then exempt. */
export function formatReport(report: CoverageReport, fixes: Map<string, string>): string {
  const count = (s: CoverageStatus) => report.resources.filter(r => r.status === s).length;
  const lines = [
    `Backup coverage: ${report.resources.length} protectable resources, ${count(CoverageStatus.PROTECTED)} protected, ` +
    `${count(CoverageStatus.UNPROTECTED)} not protected, ${count(CoverageStatus.EXEMPT)} exempt`,
  ];
  for (const env of report.environments) {
    const rules = env.ruleNames.length > 0 ? ` (rules: ${env.ruleNames.join(', ')})` : '';
    lines.push('', `Environment ${env.environmentName}${rules}: ${env.protectedResources.length} protected`);
    for (const path of env.protectedResources) {
      const r = report.resources.find(x => x.path === path)!;
      const p = r.protectedBy.find(x => x.environmentName === env.environmentName)!;
      lines.push(`  + ${path} (${r.backupResourceType}) by ${p.match === 'TAGS' ? 'tags' : 'resource'}`);
    }
  }
  lines.push('', `Not protected: ${report.unprotected.length}`);
  for (const path of report.unprotected) {
    const r = report.resources.find(x => x.path === path)!;
    lines.push(`  ! ${path} (${r.backupResourceType}): ${fixes.get(path)}`);
  }
  lines.push('', `Exempt: ${report.exempt.length}`);
  for (const path of report.exempt) {
    const r = report.resources.find(x => x.path === path)!;
    lines.push(`  - ${path} (${r.backupResourceType}): ${r.exemptReason}`);
  }
  return lines.join('\n');
}
