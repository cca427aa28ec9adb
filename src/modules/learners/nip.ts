import { DateTime } from 'luxon';

/**
 * Why a NIP is not acceptable for this employment type, or null when it is.
 * PNS: YYYYMMDD birth date, YYYYMM CPNS start (TMT), sex 1/2, 3-digit serial.
 * PPPK numbers follow other patterns: only 18 digits are checked.
 */
export function nipProblem(nip: string, employmentType: 'PNS' | 'PPPK', today = DateTime.utc()): string | null {
  if (!/^[0-9]{18}$/.test(nip)) return 'A NIP has exactly 18 digits';
  if (employmentType === 'PPPK') return null;
  const birth = DateTime.fromFormat(nip.slice(0, 8), 'yyyyMMdd', { zone: 'utc' });
  if (!birth.isValid || birth.year < 1930 || birth > today) return `NIP ${nip} does not start with a valid birth date (YYYYMMDD)`;
  const tmt = DateTime.fromFormat(nip.slice(8, 14), 'yyyyMM', { zone: 'utc' });
  if (!tmt.isValid || tmt.year < birth.year + 15 || tmt > today.plus({ years: 1 })) {
    return `NIP ${nip} has no valid CPNS start (YYYYMM, at least 15 years after birth) in digits 9-14`;
  }
  if (nip[14] !== '1' && nip[14] !== '2') return `NIP ${nip} has sex digit ${nip[14]}; it must be 1 or 2`;
  if (nip.slice(15) === '000') return `NIP ${nip} has serial 000; serials start at 001`;
  return null;
}

/** Shows at most the last 4 digits. */
export const maskNip = (nip: string | null) => (nip ? `${'*'.repeat(Math.max(0, nip.length - 4))}${nip.slice(-4)}` : null);
