import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import BetterSqlite3 from 'better-sqlite3';

/**
 * The floor for the framework-overhead ratio: a bare `node:http` handler that
 * runs the SQL statements one real request ran (captured, values inlined,
 * prepared once) on better-sqlite3 and writes the same JSON body. It maps no
 * rows and checks nothing, so it is faster than any real server could be.
 * Started as a child process: `node raw-server.js <spec.json>` with PORT set.
 */
export interface RawSpec {
  databasePath: string;
  statements: string[];
  body: unknown;
}

if (require.main === module) {
  const spec = JSON.parse(readFileSync(process.argv[2], 'utf8')) as RawSpec;
  const conn = new BetterSqlite3(spec.databasePath, { readonly: true });
  conn.pragma('cache_size = -65536');
  const statements = spec.statements.map((sql) => conn.prepare(sql));
  createServer((req, res) => {
    if (req.url === '/healthz') return res.end('ok');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      for (const statement of statements) statement.all();
      res.writeHead(200, { 'content-type': 'application/graphql-response+json; charset=utf-8' });
      res.end(JSON.stringify(spec.body));
    });
  }).listen(Number(process.env.PORT), '127.0.0.1');
}
