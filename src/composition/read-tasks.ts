import { ELIGIBILITY_TASKS } from '../modules/certificates/eligibility.service';
import { EXPORT_TASKS } from '../modules/files/export.service';
import { FILE_IMPORT_TASKS } from '../modules/files/file-import.service';
import { LEARNER_TASKS } from '../modules/learners/learner.service';
import { LEARNING_HOURS_TASKS } from '../modules/learning-hours/learning-hours.service';
import { TKPK_REPORT_TASKS } from '../modules/tkpk/tkpk-report.service';
import { ATTENDANCE_IMPORT_TASKS } from '../modules/webinars/attendance-import.service';

/** Every task the read pool's workers answer, by name. */
export const READ_TASKS = [...ELIGIBILITY_TASKS, ...EXPORT_TASKS, ...FILE_IMPORT_TASKS, ...LEARNER_TASKS, ...LEARNING_HOURS_TASKS, ...TKPK_REPORT_TASKS, ...ATTENDANCE_IMPORT_TASKS];
