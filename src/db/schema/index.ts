export * from './institutions';
export * from './learners';
export * from './access';
export * from './webinars';
