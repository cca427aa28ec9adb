import { registerBench } from './run';

// Each benchmark registers itself here by name.
export { registerBench };
