export type Log = (line: string) => void;

/** The value of a service Result; a failed seeding step stops with its userErrors. */
export function unwrap<T>(what: string, result: { ok: true; value: T } | { ok: false; errors: { message: string; field?: readonly (string | number)[] }[] }): T {
  if (!result.ok) throw new Error(`Seeding ${what} failed: ${result.errors.slice(0, 5).map((e) => `${e.field?.join('.') ?? ''} ${e.message}`).join('; ')}`);
  return result.value;
}
