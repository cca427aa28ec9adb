/** The value of a service Result, or a readable failure: the seed must never half-succeed silently. */
export function unwrap<T>(what: string, result: { ok: true; value: T } | { ok: false; errors: { message: string }[] }): T {
  if (!result.ok) throw new Error(`Seeding ${what} failed: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.value;
}

export type Unwrap = typeof unwrap;
