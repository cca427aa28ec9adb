export * from './institutions';
export * from './learners';
export * from './access';
export * from './competencies';
export * from './curricula';
export * from './cohorts';
export * from './certificates';
export * from './webinars';
