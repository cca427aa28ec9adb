/**
 * Signed status lists, kept until the next revocation: a list changes only
 * when a certificate in it is revoked, so signing it again before that only
 * costs time. Like `UntilNextWrite`, each entry remembers the revision it was
 * computed at, so a list read before a revocation committed is not served
 * after it; unlike it, the revision moves on revocations only, and a failed
 * signing is forgotten instead of kept.
 */
export class StatusListCache {
  private revision = 0;
  private readonly entries = new Map<number, { revision: number; jwt: Promise<string> }>();

  constructor(private readonly capacity: number) {}

  /** Every list signed before now is stale. */
  revoked(): void {
    this.revision++;
    this.entries.clear();
  }

  /** List `list`, signed by `sign` once per revision; concurrent callers share one signing. */
  get(list: number, sign: () => Promise<string>): Promise<string> {
    const hit = this.entries.get(list);
    if (hit && hit.revision === this.revision) {
      this.entries.delete(list);
      this.entries.set(list, hit);
      return hit.jwt;
    }
    const entry = { revision: this.revision, jwt: sign() };
    entry.jwt.catch(() => {
      if (this.entries.get(list) === entry) this.entries.delete(list);
    });
    this.entries.delete(list);
    this.entries.set(list, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return entry.jwt;
  }
}
