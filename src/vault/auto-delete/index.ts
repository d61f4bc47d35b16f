export * from './vault-recovery-point-cleaner';
