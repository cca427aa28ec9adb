import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Addresses a host name resolves to; injectable so tests can name any address. */
export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolve: Resolve = (hostname) => lookup(hostname, { all: true, verbatim: true });

/**
 * Only ordinary public unicast addresses: ipaddr.js names every special range
 * (loopback, private, link-local, unique-local, CGNAT, multicast, unspecified,
 * reserved, NAT64 ...), and `process` reads an IPv4-mapped IPv6 address as the IPv4 one.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

const MAX_URL_LENGTH = 2000;

/**
 * Why a receiver URL is refused, or null: `https` only (and `http` with
 * private networks allowed), no credentials in it, and no literal address
 * or `localhost` outside the public range. Names are resolved at every attempt.
 */
export function urlProblem(text: string, allowPrivate: boolean): string | null {
  if (text.length > MAX_URL_LENGTH) return `A URL is at most ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Not a URL';
  }
  const schemes = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return allowPrivate ? 'Only http and https URLs' : 'Only https URLs';
  if (url.username || url.password) return 'A URL must not carry a user name or password';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'Loopback receivers are refused';
  if (isIP(host) && !isPublicAddress(host)) return 'Private, loopback and other non-public addresses are refused';
  return null;
}

export class RefusedAddress extends Error {}

/**
 * The addresses to connect to for `hostname`, each checked: a literal is
 * itself; a name is resolved once here, and the connection then uses exactly
 * these (see the poster's `lookup`), so no second answer can slip in.
 */
export async function checkedAddresses(hostname: string, allowPrivate: boolean, resolve: Resolve): Promise<{ address: string; family: number }[]> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  const addresses = family ? [{ address: host, family }] : await resolve(host);
  if (addresses.length === 0) throw new RefusedAddress(`${host} resolves to no address`);
  if (!allowPrivate) {
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) throw new RefusedAddress(`${host} resolves to ${refused.address}, which is not a public address`);
  }
  return addresses;
}
