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
  if (report.problems.length > 0) {
    lines.push('', `Backup jobs that would fail: ${report.problems.length}`, ...report.problems.map(p => `  ! ${p}`));
  }
  return lines.join('\n');
}

/** A Markdown table cell: no line breaks, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The report as Markdown, for a pipeline to publish (`backup-coverage.md` in the cloud assembly). */
export function formatMarkdown(report: CoverageReport, fixes: Map<string, string>): string {
  const count = (s: CoverageStatus) => report.resources.filter(r => r.status === s).length;
  const type = (path: string) => report.resources.find(x => x.path === path)!.backupResourceType;
  const lines = [
    '# Backup coverage',
    '',
    `${report.resources.length} protectable resources: ${count(CoverageStatus.PROTECTED)} protected, ` +
    `${count(CoverageStatus.UNPROTECTED)} not protected, ${count(CoverageStatus.EXEMPT)} exempt.`,
  ];
  if (report.problems.length > 0) {
    lines.push('', '## Backup jobs that would fail', '', ...report.problems.map(p => `- ${cell(p)}`));
  }
  lines.push('', '## Not protected', '');
  if (report.unprotected.length === 0) {lines.push('None.');} else {
    lines.push('| resource | type | fix |', '| --- | --- | --- |');
    for (const path of report.unprotected) lines.push(`| \`${path}\` | ${type(path)} | ${cell(fixes.get(path) ?? '')} |`);
  }
  for (const env of report.environments) {
    const rules = env.ruleNames.length > 0 ? ` (rules: ${env.ruleNames.join(', ')})` : '';
    lines.push('', `## Environment ${env.environmentName}${rules}`, '');
    if (env.protectedResources.length === 0) {
      lines.push('Protects no resource of this app.');
      continue;
    }
    lines.push('| resource | type | selected by |', '| --- | --- | --- |');
    for (const path of env.protectedResources) {
      const p = report.resources.find(x => x.path === path)!.protectedBy.find(x => x.environmentName === env.environmentName)!;
      lines.push(`| \`${path}\` | ${type(path)} | ${p.match === 'TAGS' ? 'tags' : 'resource'} |`);
    }
  }
  lines.push('', '## Exempt', '');
  if (report.exempt.length === 0) {lines.push('None.');} else {
    lines.push('| resource | type | reason |', '| --- | --- | --- |');
    for (const path of report.exempt) {
      lines.push(`| \`${path}\` | ${type(path)} | ${cell(report.resources.find(x => x.path === path)!.exemptReason ?? '')} |`);
    }
  }
  return lines.join('\n') + '\n';
}
