export * from './organization-backup-policy-props';
export * from './organization-backup-policy';
export * from './organization-backup-props';
export * from './organization-backup';
export * from './member-baseline';
export * from './backup-global-settings';
export * from './organization-report-plans';
export * from './organization-access';
