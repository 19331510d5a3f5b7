import { describe, expect, it } from 'vitest';
import express from 'express';
import request from 'supertest';
import { parseTrustProxy } from './trust-proxy';

// Issue 21 finding 3: what each TRUST_PROXY spelling makes Express take as the client's address.
function clientAddress(setting: string | undefined, xff: string): Promise<string> {
  const app = express();
  const trust = parseTrustProxy(setting);
  if (trust !== undefined) app.set('trust proxy', trust);
  app.get('/', (req, res) => res.send(req.ip));
  return request(app)
    .get('/')
    .set('X-Forwarded-For', xff)
    .then((r) => r.text);
}

describe('TRUST_PROXY', () => {
  it('reads digits as a hop count, not as an address', async () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy(' 2 ')).toBe(2);
    // One hop (nginx): the address nginx appended, never what the client wrote before it.
    expect(await clientAddress('1', '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
    expect(await clientAddress('2', '198.51.100.1, 203.0.113.7')).toBe('198.51.100.1');
  });

  it('keeps names, address and subnet lists, and booleans', async () => {
    expect(parseTrustProxy('loopback')).toBe('loopback');
    expect(await clientAddress('loopback', '203.0.113.7')).toBe('203.0.113.7');
    expect(await clientAddress('10.0.0.0/8, 127.0.0.1', '203.0.113.7')).toBe('203.0.113.7');
    expect(await clientAddress('192.0.2.1', '203.0.113.7')).toMatch(/127\.0\.0\.1$/);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('false')).toBe(false);
    expect(await clientAddress('false', '203.0.113.7')).toMatch(/127\.0\.0\.1$/);
  });

  it('trusts nothing when unset or empty', async () => {
    expect(parseTrustProxy(undefined)).toBeUndefined();
    expect(parseTrustProxy('')).toBeUndefined();
    expect(await clientAddress(undefined, '203.0.113.7')).toMatch(/127\.0\.0\.1$/);
  });
});
