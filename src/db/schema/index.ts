export * from './institutions';
export * from './learners';
export * from './access';
