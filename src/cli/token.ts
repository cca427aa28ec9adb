import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SYSTEM } from '../auth/viewer';
import { loadConfig } from '../config';
import { connectDatabase } from '../db/connect';
import { ROLES, type ApiTokenRow, type RoleName } from '../db/schema';
import { parseGlobalId, toGlobalId } from '../graphql/node';
import { createServices, type Services } from '../composition/services';

const USAGE = `Usage:
  npm run token -- create --role ROLE --name NAME [--institution CODE] [--nip NIP | --email EMAIL] [--expires ISO_DATE_TIME]
  npm run token -- list [--institution CODE] [--role ROLE] [--revoked]
  npm run token -- revoke --id ID      (the id create and list print, the global id, or the audit log's targetId)
Roles: ${ROLES.join(', ')}`;

const LIST_PAGE = 100;

/** A token's id as operators meet it: the row id the audit log shows, or the API's global id. */
function tokenRowId(id: string): number {
  if (/^[1-9][0-9]{0,15}$/.test(id)) return Number(id);
  const parsed = parseGlobalId(id);
  if (parsed?.typename !== 'ApiToken') throw new Error(`--id ${JSON.stringify(id)} is neither a token id nor an ApiToken global id`);
  return parsed.id;
}

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 19) + 'Z' : '-');

function printTokens(rows: ApiTokenRow[]) {
  const table = [['ID', 'GLOBAL ID', 'ROLE', 'NAME', 'CREATED', 'EXPIRES', 'LAST USED', 'REVOKED']];
  for (const t of rows) {
    table.push([String(t.id), toGlobalId('ApiToken', t.id), t.role, t.name, when(t.createdAt), when(t.expiresAt), when(t.lastUsedAt), when(t.revokedAt)]);
  }
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  for (const row of table) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
}

async function listAll(services: Services, query: { institutionCode?: string; role?: RoleName; includeRevoked: boolean }) {
  const rows: ApiTokenRow[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await services.access.list(SYSTEM, { ...query, first: LIST_PAGE, after });
    rows.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return rows;
    after = page.pageInfo.endCursor;
  }
}

const roleOf = (value: string | undefined) => {
  const role = value?.toUpperCase() as RoleName;
  if (!ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  return role;
};

/** Operators' way to mint, list and revoke tokens; acts as the system, and is audited like the API. */
async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      institution: { type: 'string' },
      nip: { type: 'string' },
      expires: { type: 'string' },
      revoked: { type: 'boolean' },
      email: { type: 'string' },
      id: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const db = await connectDatabase(config.DATABASE_URL, { poolSize: 2 });
  try {
    const services = createServices(db, config);
    if (command === 'create') {
      if (!values.name || !ROLES.includes(values.role?.toUpperCase() as RoleName)) {
        throw new Error(`--role (one of ${ROLES.join(', ')}) and --name are required`);
      }
      const role = roleOf(values.role);
      if (values.expires !== undefined && Number.isNaN(Date.parse(values.expires))) throw new Error('--expires must be an ISO date-time, e.g. 2027-06-30T00:00:00+07:00');
      const result = await services.access.create(SYSTEM, {
        role,
        name: values.name,
        institutionCode: values.institution,
        nip: values.nip,
        expiresAt: values.expires,
        email: values.email,
      });
      if (!result.ok) throw new Error(result.errors.map((e) => `${e.field.join('.')}: ${e.message}`).join('\n'));
      const { apiToken, token } = result.value;
      console.log(`Created ${role} token "${values.name}", id ${apiToken.id} (global id ${toGlobalId('ApiToken', apiToken.id)}).`);
      console.log(`It is shown only now; store it safely:\n\n${token}\n`);
    } else if (command === 'list') {
      printTokens(
        await listAll(services, {
          institutionCode: values.institution,
          role: values.role === undefined ? undefined : roleOf(values.role),
          includeRevoked: values.revoked ?? false,
        }),
      );
    } else if (command === 'revoke') {
      const result = await services.access.revoke(SYSTEM, tokenRowId(values.id ?? ''));
      if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
      console.log(`Revoked token ${result.value.id} "${result.value.name}".`);
    } else {
      throw new Error(`Unknown command ${command}\n${USAGE}`);
    }
  } finally {
    db.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
