export * from './audit';
export * from './monitoring';
