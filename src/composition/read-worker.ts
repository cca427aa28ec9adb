import { serveReadTasks } from './read-worker-setup';

/** The read pool's worker module (see `createAppReadPool`). */
export default serveReadTasks();
