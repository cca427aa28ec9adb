import DataLoader from 'dataloader';
import type { Database } from '../../db/database';
import { selectByKeys } from '../../db/keyed';
import { curriculumTkpkTags, sessionTkpkTags } from '../../db/schema';
import { groupByKey } from '../../core/by-key';
import { labelsOf, type TkpkLabels } from './tkpk-tags';

export function createTkpkLoaders(db: Database) {
  return {
    tkpkOfCurriculum: new DataLoader<number, TkpkLabels>(async (ids) =>
      groupByKey(ids, await selectByKeys(db.read, curriculumTkpkTags, curriculumTkpkTags.curriculumId, ids), (r) => r.curriculumId).map((list) =>
        labelsOf(list.map((r) => r.tag)),
      ),
    ),
    tkpkOfSession: new DataLoader<number, TkpkLabels>(async (ids) =>
      groupByKey(ids, await selectByKeys(db.read, sessionTkpkTags, sessionTkpkTags.sessionId, ids), (r) => r.sessionId).map((list) =>
        labelsOf(list.map((r) => r.tag)),
      ),
    ),
  };
}
