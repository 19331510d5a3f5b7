import { describe, expect, it } from 'vitest';
import { RequestContext } from '@zhtj/api/core';
import type { Actor } from '@zhtj/api/core';
import { fallbackReason, lagFrom, parseLsn, replicaOptionsFromEnv } from './read-replicas';

// Issue 24: how ReadReplicas decides a standby's lag and when a failed read goes to the primary
// (the real standby: apps/api-e2e/src/standby.e2e.spec.ts).
const at = (s: number, lsn: string) => ({ at: s * 1000, lsn: parseLsn(lsn) });

describe('a standby’s lag, from the primary’s WAL positions', () => {
  it('reads WAL positions as numbers', () => {
    expect(parseLsn('0/4000090') - parseLsn('0/4000000')).toBe(0x90n);
    expect(parseLsn('1/0') > parseLsn('0/FFFFFFFF')).toBe(true);
  });

  it('is 0 for a standby that has replayed what the primary had, however long the primary has been idle', () => {
    const idle = [at(0, '0/3000148'), at(1, '0/3000148'), at(2, '0/3000148'), at(3600, '0/3000148')];
    expect(lagFrom(idle, parseLsn('0/3000148'), 3_600_500)).toBe(0);
  });

  it('grows from the first moment the primary was seen past the standby (a paused replay)', () => {
    const history = [at(0, '0/4000000'), at(1, '0/4000090'), at(2, '0/4000090'), at(3, '0/4000200')];
    expect(lagFrom(history, parseLsn('0/4000000'), 3_200)).toBe(2_200);
    expect(lagFrom(history, parseLsn('0/4000090'), 3_200)).toBe(200);
    expect(lagFrom(history, parseLsn('0/4000200'), 3_200)).toBe(0);
  });

  it('is at least the window for a standby behind every sample kept', () => {
    expect(lagFrom([at(10, '0/5000000'), at(11, '0/5000100')], parseLsn('0/4000000'), 11_000)).toBe(1_000);
  });
});

describe('reads that fail on a standby', () => {
  it('go to the primary when the standby is gone or hot standby cancelled them', () => {
    expect(fallbackReason(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' }))).toBe('down');
    expect(fallbackReason({ driverError: { code: '57P01', message: 'terminating connection due to administrator command' } })).toBe('down');
    expect(fallbackReason({ code: '57P03', message: 'the database system is shutting down' })).toBe('down');
    expect(fallbackReason(new Error('Connection terminated unexpectedly'))).toBe('down');
    expect(fallbackReason(new Error('timeout exceeded when trying to connect'))).toBe('down');
    expect(fallbackReason({ code: '40001', message: 'canceling statement due to conflict with recovery' })).toBe('conflict');
  });

  it('fail as on the primary for anything else', () => {
    expect(fallbackReason({ code: '42703', message: 'column "x" does not exist' })).toBeNull();
    expect(fallbackReason({ code: '40001', message: 'could not serialize access due to concurrent update' })).toBeNull();
    expect(fallbackReason({ code: '25006', message: 'cannot execute INSERT in a read-only transaction' })).toBeNull();
  });
});

describe('DATABASE_REPLICA_URLS and REPLICA_MAX_LAG_MS', () => {
  it('reads a comma-separated list; unset means none, and a lag bound of 5 s', () => {
    expect(replicaOptionsFromEnv({})).toEqual({ urls: [], maxLagMs: 5_000, checkMs: 1_000 });
    expect(replicaOptionsFromEnv({ DATABASE_REPLICA_URLS: ' postgres://a/x , ,postgres://b/x', REPLICA_MAX_LAG_MS: '500' })).toEqual({
      urls: ['postgres://a/x', 'postgres://b/x'],
      maxLagMs: 500,
      checkMs: 1_000,
    });
  });

  it('refuses a bound that is not a whole number of milliseconds', () => {
    expect(() => replicaOptionsFromEnv({ REPLICA_MAX_LAG_MS: '5s' })).toThrow(/REPLICA_MAX_LAG_MS/);
    expect(() => replicaOptionsFromEnv({ REPLICA_CHECK_MS: '10' })).toThrow(/REPLICA_CHECK_MS/);
  });
});

describe('which requests may read from a standby (RequestContext)', () => {
  const actor = {
    userId: 'u',
    username: 'u',
    role: 'national_admin',
    orgId: 'o',
    orgPath: ['o'],
    memberId: null,
    orgIndustry: null,
    orgRegion: '000000',
  } as unknown as Actor;

  it('a reading request until it writes', () => {
    RequestContext.run(
      () => {
        expect(RequestContext.readsMayLag()).toBe(true);
        RequestContext.noteWrite();
        expect(RequestContext.readsMayLag()).toBe(false);
      },
      { readsMayLag: true },
    );
  });

  it('never a writing request, work run as an actor (queued writes) or anything outside a request', () => {
    RequestContext.run(() => expect(RequestContext.readsMayLag()).toBe(false), { readsMayLag: false });
    RequestContext.run(() => expect(RequestContext.readsMayLag()).toBe(false));
    RequestContext.run(() => RequestContext.runAs(actor, () => expect(RequestContext.readsMayLag()).toBe(false)), { readsMayLag: true });
    expect(RequestContext.readsMayLag()).toBe(false);
  });
});
