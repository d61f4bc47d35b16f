export * from './coverage';
export * from './retention';
