import { POVERTY_STRATEGIES, TKPK_PROGRAM_GROUPS } from '../../db/schema';
import { enumOf } from '../../graphql/enums';

export const TkpkProgramGroup = enumOf(
  TKPK_PROGRAM_GROUPS,
  'TkpkProgramGroup',
  'Permendagri 53/2020: the program groups of poverty reduction a curriculum or session serves',
);
export const PovertyStrategy = enumOf(POVERTY_STRATEGIES, 'PovertyStrategy', 'The poverty-reduction strategies TKPK reports by');
