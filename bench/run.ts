import 'reflect-metadata';
import { cpus, totalmem } from 'node:os';
import { BENCHES, type BenchFigures } from './registry';

/**
 * `npm run bench [-- name ...]`: runs the benchmarks one after another on this
 * machine, prints progress, and ends with a table to paste into BENCHMARKS.md.
 */
async function main() {
  // Names, not options nor an option's value (`--rate 200`).
  const args = process.argv.slice(2);
  const wanted = args.filter((a, i) => !a.startsWith('--') && (BENCHES[a] || !args[i - 1]?.startsWith('--')));
  const names = wanted.length ? wanted : Object.keys(BENCHES);
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length) throw new Error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}`);
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`Bangkom benchmarks, ${new Date().toISOString()} on ${machine}`);
  const results: [string, BenchFigures][] = [];
  for (const name of names) {
    console.log(`\n== ${name}`);
    const started = Date.now();
    const figures = await BENCHES[name]((line) => console.log(`   ${line}`));
    results.push([name, figures]);
    console.log(`   done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  console.log('\n| benchmark | figure | value |\n| --- | --- | --- |');
  for (const [name, figures] of results) {
    for (const [k, v] of Object.entries(figures)) console.log(`| ${name} | ${k} | ${v} |`);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
