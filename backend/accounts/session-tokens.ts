import { createHash, randomBytes } from 'node:crypto';

/**
 * Session tokens (the `hash` of the Navixy API): 32 random hex digits handed to the client. Only
 * their SHA-256 is ever stored (`sessions.hash`, so the database, journal and snapshot): whoever
 * reads the data folder cannot sign in with what is there. A token is high-entropy, so a plain,
 * unsalted hash is enough (nothing to guess), and a lookup is one hash of the presented token.
 */
export function newSessionToken(): string {
  return randomBytes(16).toString('hex');
}

/** What `sessions.hash` holds for `token`: SHA-256, hex, of the lower-cased token (tokens are hex). */
export function sessionTokenDigest(token: string): string {
  return createHash('sha256').update(token.toLowerCase(), 'utf8').digest('hex');
}
