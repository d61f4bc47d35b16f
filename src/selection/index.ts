export * from './selection-options';
