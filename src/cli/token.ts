import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { SYSTEM } from '../auth/viewer';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { ROLES, type RoleName } from '../db/schema';
import { rowIdOf } from '../graphql/node';
import { createServices } from '../composition/services';

const USAGE = `Usage:
  npm run token -- create --role ROLE --name NAME [--institution CODE] [--nip NIP]
  npm run token -- revoke --id GLOBAL_ID
Roles: ${ROLES.join(', ')}`;

/** Operators' way to mint the first tokens; acts as the system, and is audited like the API. */
async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      institution: { type: 'string' },
      nip: { type: 'string' },
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
  const db = openDatabase(config.databasePath);
  try {
    const services = createServices(db, config);
    if (command === 'create') {
      const role = values.role?.toUpperCase() as RoleName;
      if (!ROLES.includes(role) || !values.name) throw new Error(`--role (one of ${ROLES.join(', ')}) and --name are required`);
      const result = await services.access.create(SYSTEM, {
        role,
        name: values.name,
        institutionCode: values.institution,
        nip: values.nip,
      });
      if (!result.ok) throw new Error(result.errors.map((e) => `${e.field.join('.')}: ${e.message}`).join('\n'));
      console.log(`Created ${role} token "${values.name}". It is shown only now; store it safely:\n\n${result.value.token}\n`);
    } else if (command === 'revoke') {
      const result = await services.access.revoke(SYSTEM, rowIdOf(values.id ?? '', 'ApiToken'));
      if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
      console.log(`Revoked token "${result.value.name}".`);
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
