export * from './backup-region-settings';
