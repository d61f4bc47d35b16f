export * from './organization-backup-policy';
