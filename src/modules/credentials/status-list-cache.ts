/**
 * Signed status lists, kept until the next revocation: a list changes only
 * when a certificate in it is revoked, so signing it again before that only
 * costs time. The revision is the number of revoked certificates, read from
 * the database (revocation is one-way), so a revocation committed by any
 * server process makes every list signed before it stale. A failed signing is
 * forgotten instead of kept.
 */
export class StatusListCache {
  private readonly entries = new Map<number, { revision: number; jwt: Promise<string> }>();

  constructor(private readonly capacity: number) {}

  /** List `list` at `revision`, signed by `sign` once per revision; concurrent callers share one signing. */
  get(list: number, revision: number, sign: () => Promise<string>): Promise<string> {
    const hit = this.entries.get(list);
    if (hit && hit.revision === revision) {
      this.entries.delete(list);
      this.entries.set(list, hit);
      return hit.jwt;
    }
    const entry = { revision, jwt: sign() };
    entry.jwt.catch(() => {
      if (this.entries.get(list) === entry) this.entries.delete(list);
    });
    this.entries.delete(list);
    this.entries.set(list, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry.jwt;
  }
}
