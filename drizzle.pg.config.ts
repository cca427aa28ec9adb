import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/postgres/drizzle-kit-schema.ts',
  out: './drizzle-pg',
});
