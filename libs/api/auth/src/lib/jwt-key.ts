import { createSecretKey, randomBytes } from 'node:crypto';

/**
 * The HS256 signing key, made into a KeyObject once. Given a string, jsonwebtoken first tries to
 * parse it as a public key on every verification and catches the failure: 4.4 % of the API's CPU
 * under 32 approving clients went to that exception (docs/benchmarks.md). Every replica must
 * share `JWT_SECRET` (docs/operations.md); without it each process draws its own.
 */
export const JWT_KEY = createSecretKey(Buffer.from(process.env['JWT_SECRET'] || randomBytes(32).toString('hex'), 'utf8'));
