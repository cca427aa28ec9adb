export enum LearningSource {
  WEBINAR = 'WEBINAR',
  CURRICULUM = 'CURRICULUM',
  EXTERNAL = 'EXTERNAL',
}

export interface LearningSourceTotalData {
  source: LearningSource;
  jp: number;
}

/** One certificate counted towards the year. */
export interface LearningEntryData {
  source: LearningSource;
  title: string;
  jp: number;
  /** Date of the activity (session date or cohort end), `YYYY-MM-DD`. */
  earnedAt: string;
  certificateId: number;
}

/** A learner's JP in one year against the yearly development duty. */
export interface LearningHoursData {
  year: number;
  targetJp: number;
  earnedJp: number;
  remainingJp: number;
  onTrack: boolean;
  bySource: LearningSourceTotalData[];
  entries: LearningEntryData[];
}

/** JP of an institution's learners (its whole subtree) in one year. */
export interface ProgressSummaryData {
  year: number;
  learnerCount: number;
  learnersMeetingTarget: number;
  averageJp: number;
  totalJp: number;
  certificatesIssued: number;
}
