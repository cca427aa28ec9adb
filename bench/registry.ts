import { bench as browse } from './browse';
import { bench as engines } from './engines';
import { bench as exportMemory } from './export-memory';
import { bench as growth } from './growth';
import { bench as httpQueries } from './http-queries';
import { bench as issueCertificates } from './issue-certificates';
import { bench as mixedLoad } from './mixed-load';
import { bench as offload } from './offload';
import { bench as oidcSignIn } from './oidc-sign-in';
import { bench as openLoad } from './open-load';
import { bench as processes } from './processes';
import { bench as ratios } from './ratios';
import { bench as syncCurricula } from './sync-curricula';
import { bench as webhookDelivery } from './webhook-delivery';
import { bench as zoomImport } from './zoom-import';

export type BenchFigures = Record<string, number | string>;
export type Bench = (log: (line: string) => void) => Promise<BenchFigures>;

/** Benchmarks by name, in the order `npm run bench` runs them. */
export const BENCHES: Record<string, Bench> = { syncCurricula, zoomImport, issueCertificates, mixedLoad, httpQueries, ratios, oidcSignIn, growth, browse, exportMemory, webhookDelivery, offload, openLoad, processes, engines };
