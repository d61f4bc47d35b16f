export * from './vault-options';
export * from './environment-vault';
export * from './copy-destination-vault';
export * from './logically-air-gapped-vault';
export * from './auto-delete';
export * from './legal-hold';
