const MIB = 1024 * 1024;

/** `236.4 MiB`, `12.0 KiB`: sizes an operator reads at a glance. */
export function formatBytes(bytes: number): string {
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

export const formatMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);

/** Aligned `label  value` lines under a heading. */
export const summary = (heading: string, rows: [string, string][]) =>
  [heading, ...rows.map(([label, value]) => `  ${label.padEnd(11)}${value}`)].join('\n');
