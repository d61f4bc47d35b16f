export * from './selection';
export * from './report';
export * from './backup-coverage';
