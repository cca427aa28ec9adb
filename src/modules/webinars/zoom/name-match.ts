/**
 * Readings of a Zoom display name that a learner's name might equal:
 * without device or role suffixes ("(iPhone)", "(Host)"), a NIP suffix,
 * academic titles after a comma ("Rina, S.Sos"), or as "Last, First".
 * Only for proposals an admin confirms: names are never matched automatically.
 */
export function nameKeys(displayName: string): string[] {
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  const bare = displayName.replace(/\([^)]*\)/g, ' ').replace(/[_\s-]*\d{18}/g, ' ');
  const [first, ...rest] = bare.split(',');
  const keys = [clean(bare), clean(first)];
  if (rest.length === 1 && !/\./.test(rest[0])) keys.push(clean(`${rest[0]} ${first}`));
  return [...new Set(keys.filter((k) => k.length >= 3))];
}
