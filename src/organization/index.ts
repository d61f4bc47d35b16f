export * from './organization-backup-policy';
export * from './organization-backup';
export * from './member-baseline';
export * from './stackset-template-synthesizer';
export * from './backup-global-settings';
export * from './organization-report-plans';
export * from './organization-access';
