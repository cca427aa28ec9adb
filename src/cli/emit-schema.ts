import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { printAppSchema } from '../composition/schema';

/** Writes the SDL the code defines to schema.graphql (a test fails when they differ). */
const target = resolve(__dirname, '../../schema.graphql');
writeFileSync(target, printAppSchema());
console.log(`Wrote ${target}`);
