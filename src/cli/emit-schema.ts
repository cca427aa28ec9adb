import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/package-root';
import { printAppSchema } from '../composition/schema';

/** Writes the SDL the code defines to schema.graphql (a test fails when they differ). */
const target = join(packageRoot(), 'schema.graphql');
writeFileSync(target, printAppSchema());
console.log(`Wrote ${target}`);
