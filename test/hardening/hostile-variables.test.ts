import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  getNullableType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIZE_ARGUMENTS } from '../../src/graphql/limits';
import { getSchema } from '../../src/composition/schema';
import { VARIABLE_LIMITS } from '../../src/graphql/variable-limits';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/app';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const ACCEPT = 'application/graphql-response+json, application/json';

/** POSTs a body given as text: a deeply nested one cannot go through JSON.stringify. */
async function post(body: string): Promise<GraphQLResponse> {
  const response = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: ACCEPT }, body });
  return { ...((await response.json()) as GraphQLResponse), status: response.status };
}

async function get(query: string, variables: string): Promise<GraphQLResponse> {
  const url = `${t.url}?${new URLSearchParams({ query, variables })}`;
  const response = await fetch(url, { headers: { accept: ACCEPT, 'apollo-require-preflight': 'true' } });
  return { ...((await response.json()) as GraphQLResponse), status: response.status };
}

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

const MB = 1024 * 1024;
const { maxDepth, maxStringLength } = VARIABLE_LIMITS;
const IMPORT = `mutation($input: ImportZoomAttendanceInput!) { importZoomAttendance(input: $input) { userErrors { code } } }`;
const VERIFY = `query($c: String!) { verifyCertificate(code: $c) { valid } }`;
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const codeOf = (r: GraphQLResponse) => r.errors?.[0].extensions?.code;

describe('hostile variables, without a token', () => {
  it('keeps the heap flat under many different multi-MB variables', async () => {
    const requests = 40;
    const size = 3 * MB;
    // A file-content field: the one place a multi-MB string gets past the variable limits.
    const send = (i: number) =>
      t.gql(IMPORT, { input: { sessionId: 'V2ViaW5hclNlc3Npb246MQ', fileName: 'x.csv', csv: `${i}:`.padEnd(size, 'x') } }, null);
    expect(codeOf(await send(-1))).toBe('UNAUTHENTICATED');
    const before = heapAfterGc();
    for (let i = 0; i < requests; i++) expect(codeOf(await send(i))).toBe('UNAUTHENTICATED');
    const grown = (heapAfterGc() - before) / MB;
    console.info(`heap growth after ${requests} requests of ${size / MB} MB each: ${grown.toFixed(1)} MB`);
    // They add up to 120 MB; a cost cache keyed on whole variables kept most of it.
    expect(grown).toBeLessThan(24);
  });

  it('answers a variable nested 100,000 levels deep with 400 and a code, not 500', async () => {
    const r = await post(`{"query":${JSON.stringify(VERIFY)},"variables":{"c":${nested(100_000)}}}`);
    expect(r.status).toBe(400);
    expect(codeOf(r)).toBe('VARIABLES_TOO_LARGE');
    expect(r.errors?.[0].message).toMatch(/nested deeper than 32 levels/);
  });

  it('refuses deep nesting anywhere in the body, and only beyond the limit', async () => {
    const deepExtensions = await post(`{"query":${JSON.stringify(VERIFY)},"variables":{"c":"x"},"extensions":{"e":${nested(50_000)}}}`);
    expect([deepExtensions.status, codeOf(deepExtensions)]).toEqual([400, 'VARIABLES_TOO_LARGE']);
    // Body and variables are levels 1 and 2: a value may open maxDepth - 2 more.
    const atLimit = await post(`{"query":${JSON.stringify(VERIFY)},"variables":{"c":${nested(maxDepth - 2)}}}`);
    expect([atLimit.status, codeOf(atLimit)]).toEqual([400, 'BAD_USER_INPUT']);
    const beyond = await post(`{"query":${JSON.stringify(VERIFY)},"variables":{"c":${nested(maxDepth - 1)}}}`);
    expect([beyond.status, codeOf(beyond)]).toEqual([400, 'VARIABLES_TOO_LARGE']);
  });

  it('does not count brackets inside strings, escaped quotes included', async () => {
    for (const c of ['['.repeat(1000), `\\"${'{'.repeat(1000)}`, `\\\\${'['.repeat(1000)}`]) {
      const r = await post(`{"query":${JSON.stringify(VERIFY)},"variables":{"c":"${c}"}}`);
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual({ verifyCertificate: { valid: false } });
    }
  });

  it('refuses variables sent with GET nested too deep (the body scan does not see them)', async () => {
    const r = await get(VERIFY, `{"c":${nested(maxDepth)}}`);
    expect([r.status, codeOf(r)]).toEqual([400, 'VARIABLES_TOO_LARGE']);
    expect(r.errors?.[0].message).toMatch(/at "\$c\.0\.0/);
  });

  it('refuses an oversized string or key with 400 and a code, naming where', async () => {
    const long = 'x'.repeat(maxStringLength + 1);
    const code = await t.gql(VERIFY, { c: long }, null);
    expect([code.status, codeOf(code)]).toEqual([400, 'VARIABLES_TOO_LARGE']);
    expect(code.errors?.[0].message).toMatch(/longer than 65536 characters \(at "\$c"\)/);
    expect(code.errors?.[0].message.length).toBeLessThan(200);
    const fileName = await t.gql(IMPORT, { input: { sessionId: 'x', fileName: long, csv: long } }, null);
    expect([fileName.status, codeOf(fileName)]).toEqual([400, 'VARIABLES_TOO_LARGE']);
    expect(fileName.errors?.[0].message).toMatch(/at "\$input\.fileName"/);
    const key = await t.gql(VERIFY, { c: 'x', junk: { [long]: 1 } }, null);
    expect([key.status, codeOf(key)]).toEqual([400, 'VARIABLES_TOO_LARGE']);
    // A variable the operation does not declare is held to the same limit.
    const undeclared = await t.gql(VERIFY, { c: 'x', junk: [long] }, null);
    expect([undeclared.status, codeOf(undeclared)]).toEqual([400, 'VARIABLES_TOO_LARGE']);
    const atLimit = await t.gql(VERIFY, { c: long.slice(1) }, null);
    expect(atLimit.data).toEqual({ verifyCertificate: { valid: false } });
  });
});

describe('the cost cache', () => {
  const CATALOGUE = `query($n: Int, $s: String, $more: Boolean!) {
    curricula(first: $n, filter: { search: $s }) { totalCount edges { node { code title } } pageInfo @include(if: $more) { hasNextPage } } }`;
  const cost = async (variables: Record<string, unknown>) => {
    const r = await t.gql(CATALOGUE, variables, null);
    expect(r.errors).toBeUndefined();
    return (r.extensions?.cost as { requested: number }).requested;
  };

  it('follows the page size and @include, not the other variables', async () => {
    const small = await cost({ n: 1, s: 'a', more: false });
    expect(await cost({ n: 1, s: 'b', more: false })).toBe(small);
    const large = await cost({ n: 50, s: 'a', more: false });
    expect(large).toBeGreaterThan(small);
    expect(await cost({ n: 50, s: 'c', more: true })).toBeGreaterThan(large);
    expect(await cost({ n: null, s: 'c', more: false })).toBe(await cost({ s: 'd', more: false }));
  });

  it('still refuses a wrongly typed variable once the cost is cached', async () => {
    await cost({ n: 5, s: 'a', more: false });
    const r = await t.gql(CATALOGUE, { n: 5, s: { $gt: '' }, more: false }, null);
    expect([r.status, codeOf(r)]).toEqual([400, 'BAD_USER_INPUT']);
    const size = await t.gql(CATALOGUE, { n: 'five', s: 'a', more: false }, null);
    expect([size.status, codeOf(size)]).toEqual([400, 'BAD_USER_INPUT']);
  });
});

describe('limits that follow the schema', () => {
  const fields = () =>
    Object.values(getSchema().getTypeMap())
      .filter((type) => isObjectType(type) || isInterfaceType(type))
      .flatMap((type) => Object.values((type as GraphQLObjectType).getFields()));

  it('every complexity estimator reads only the size arguments the cost cache keys on', () => {
    const estimated = fields().filter((f) => typeof f.extensions.complexity === 'function');
    expect(estimated.length).toBeGreaterThan(10);
    for (const field of estimated) {
      const read = new Set<string>();
      const recording = <T extends object>(target: T, prefix: string) =>
        new Proxy(target, { get: (t, key) => (read.add(`${prefix}${String(key)}`), Reflect.get(t, key)) });
      const options = { args: recording({}, 'args.'), childComplexity: 3, field, type: getSchema().getQueryType()!, node: undefined };
      (field.extensions.complexity as (o: unknown) => number)(recording(options, ''));
      const allowed = new Set(['args', 'childComplexity', ...[...SIZE_ARGUMENTS].map((a) => `args.${a}`)]);
      expect([...read].filter((key) => !allowed.has(key)), field.name).toEqual([]);
    }
  });

  it('the deepest input the schema declares fits the depth limit', () => {
    const depth = (type: GraphQLInputType, open: Set<string>): number => {
      const t = getNullableType(type);
      if (isListType(t)) return 1 + depth(t.ofType, open);
      if (!isInputObjectType(t)) return 0;
      if (open.has(t.name)) throw new Error(`${t.name} nests itself: no depth limit fits it`);
      const inner = new Set(open).add(t.name);
      return 1 + Math.max(0, ...Object.values(t.getFields()).map((f) => depth(f.type, inner)));
    };
    const deepest = Math.max(...fields().flatMap((f) => f.args.map((a) => depth(a.type, new Set()))));
    console.info(`deepest input: ${deepest} levels, + body and variables objects; limit ${maxDepth}`);
    expect(deepest + 2).toBeLessThanOrEqual(maxDepth);
  });
});
