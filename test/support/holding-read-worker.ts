import { serveReadTasks } from '../../src/composition/read-worker-setup';
import { countTwiceTask, failTask, holdTask } from './holding-task';

/** The app's read-pool worker with the tests' extra tasks. */
export default serveReadTasks([holdTask, countTwiceTask, failTask]);
