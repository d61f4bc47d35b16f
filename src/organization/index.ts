export * from './organization-backup-policy';
export * from './organization-backup';
export * from './member-baseline';
export * from './stackset-template-synthesizer';
