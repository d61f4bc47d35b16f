export * from './generations';
export * from './storage';
export * from './retention-calculator';
