export * from './coverage';
export * from './organization';
export * from './retention';
