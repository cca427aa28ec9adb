import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerTokens, hotOperations, type Caller, type HotTargets } from '../../bench/support/hot-operations';
import { startInProcess, type InProcessServer } from '../../bench/support/load-test';
import { toGlobalId } from '../../src/graphql/node';
import { generatedSet, type GeneratedSet } from '../support/generated-set';

let set: GeneratedSet;
let targets: HotTargets;
let jit: InProcessServer;
let graphqlJs: InProcessServer;
let tokens: Record<Caller, string | null>;

beforeAll(async () => {
  set = await generatedSet('executors', 2_000);
  targets = set.targets;
  jit = await startInProcess(set.path, {}, { GRAPHQL_JIT: 'true' });
  graphqlJs = await startInProcess(set.path, {}, { GRAPHQL_JIT: 'false' });
  tokens = await callerTokens(jit.services, targets);
}, 120_000);

afterAll(async () => {
  await jit?.close();
  await graphqlJs?.close();
  set?.remove();
});

async function ask(server: InProcessServer, query: string, variables: Record<string, unknown>, caller: Caller) {
  const token = tokens[caller];
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}

/** The same request to both servers: graphql-jit must answer exactly what graphql-js answers. */
async function expectSameAnswer(query: string, variables: Record<string, unknown>, caller: Caller) {
  const [compiled, interpreted] = [await ask(jit, query, variables, caller), await ask(graphqlJs, query, variables, caller)];
  expect(compiled).toEqual(interpreted);
  return compiled;
}

describe('graphql-jit (GRAPHQL_JIT, on by default) answers as graphql-js does', () => {
  it.each(['MyProgress', 'MyCertificates', 'LearnerProgress', 'Catalog', 'SessionEligibility', 'InstitutionDashboard', 'CurriculumChanges', 'VerifyCertificate'])(
    '%s, with data and no errors',
    async (name) => {
      const operation = hotOperations(targets).find((o) => o.name === name)!;
      const answer = await expectSameAnswer(operation.query, operation.variables, operation.caller);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data).toBeTruthy();
    },
  );

  it('resolves interfaces and unions (node, certificate subject) by type name', async () => {
    const answer = await expectSameAnswer(
      `query($id: ID!) { node(id: $id) { __typename ... on Learner { nip certificates(first: 5) { edges { node { subject { __typename ... on WebinarSession { title } } } } } } } }`,
      { id: toGlobalId('Learner', jit.db.readRaw.prepare('SELECT id FROM learners WHERE nip = ?').pluck().get(targets.nip) as number) },
      'admin',
    );
    expect(answer.body).toMatchObject({ data: { node: { __typename: 'Learner', nip: targets.nip } } });
  });

  it('gives the same errors: unauthenticated, forbidden, bad variables, not found', async () => {
    const progress = hotOperations(targets).find((o) => o.name === 'LearnerProgress')!;
    expect((await expectSameAnswer(progress.query, progress.variables, 'anonymous')).body.errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
    const someoneElse = jit.db.readRaw.prepare('SELECT nip FROM learners WHERE nip <> ? AND nip IS NOT NULL LIMIT 1').pluck().get(targets.nip);
    expect((await expectSameAnswer(progress.query, { ...progress.variables, nip: someoneElse }, 'learner')).body).toMatchObject({
      data: { learner: null },
      errors: [{ path: ['learner'], extensions: { code: 'FORBIDDEN' } }],
    });
    expect((await expectSameAnswer(progress.query, { ...progress.variables, year: 'this year' }, 'admin')).body.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT' } }]);
    expect((await expectSameAnswer(progress.query, { ...progress.variables, year: 1066 }, 'admin')).body.errors).toMatchObject([{ extensions: { code: 'BAD_USER_INPUT' } }]);
    expect((await expectSameAnswer(progress.query, { ...progress.variables, nip: '199912312020121999' }, 'admin')).body.errors).toBeUndefined();
  });
});
