import 'reflect-metadata';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Argon2Gate } from '@zhtj/api/auth';
import { ADMIN_PASSWORD, PASSWORD, accountsAtOwnOrg, appsOnOneDatabase } from './support/harness';

/**
 * Issue 21 item 5: a login flood must not shut known users out, and an address that keeps failing
 * answers a challenge instead of only being refused. A browser an account logged in from carries a
 * signed device cookie that lets its logins skip the challenge (and, in the password-hashing gate,
 * go ahead of anonymous ones: argon2-gate.spec.ts); a forged cookie or another account's does not.
 * Challenges are image captchas whose answers live in PostgreSQL: read here from the database, as
 * a person would read the image. Client addresses come from X-Forwarded-For (TRUST_PROXY=loopback)
 * and are documentation addresses (RFC 5737); two API processes share one database.
 */
describe('login challenges and known devices', () => {
  let one: INestApplication;
  let two: INestApplication;
  let db: DataSource;
  let close: () => Promise<void>;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env['TRUST_PROXY'] = 'loopback';
    process.env['LOGIN_RATE_LIMIT'] = '10';
    process.env['LOGIN_CAPTCHA_AFTER_FAILURES'] = '3';
    ({
      apps: [one, two],
      close,
    } = await appsOnOneDatabase(2));
    db = one.get(DataSource);
    const token = (await login(one, '198.51.100.1', 'admin', ADMIN_PASSWORD)).body.accessToken as string;
    await accountsAtOwnOrg(one, token, ['known', 'other', 'single', 'flooded']);
  });
  afterAll(async () => {
    await close?.();
    process.env = saved;
  });

  const login = (
    app: INestApplication,
    address: string,
    username: string,
    password: string,
    extra: { cookie?: string; captchaId?: string; captchaAnswer?: string } = {},
  ) => {
    const req = request(app.getHttpServer()).post('/api/auth/login').set('X-Forwarded-For', address);
    if (extra.cookie) req.set('Cookie', extra.cookie);
    return req.send({ username, password, ...(extra.captchaId ? { captchaId: extra.captchaId, captchaAnswer: extra.captchaAnswer } : {}) });
  };
  const failThrice = async (address: string) => {
    for (let i = 0; i < 3; i++) expect((await login(one, address, `nobody-${i}`, 'wrong-pass1')).body.code).toBe('LOGIN_FAILED');
  };
  const captcha = async (app: INestApplication, address: string) => {
    const res = await request(app.getHttpServer()).get('/api/auth/captcha').set('X-Forwarded-For', address);
    expect(res.status).toBe(200);
    return res.body as { captchaId: string; image: string; expiresAt: string };
  };
  const storedAnswer = async (captchaId: string): Promise<string> =>
    (await db.query(`SELECT answer FROM login_challenge WHERE id = $1`, [captchaId]))[0].answer;
  /** The `zhtj_device=…` pair of a login's Set-Cookie header. */
  const deviceCookie = (res: request.Response): string => {
    const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('zhtj_device='));
    expect(header).toBeDefined();
    return (header as string).split(';')[0] as string;
  };

  it('a successful login sets an HttpOnly, SameSite=Strict device cookie for the login route, good for 180 days', async () => {
    const res = await login(one, '203.0.113.10', 'known', PASSWORD);
    expect(res.status).toBe(200);
    const header = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('zhtj_device=')) ?? '';
    expect(header).toMatch(/; HttpOnly/i);
    expect(header).toMatch(/; SameSite=Strict/i);
    expect(header).toMatch(/; Path=\/api\/auth/i);
    expect(header).toMatch(new RegExp(`; Max-Age=${180 * 86_400}`, 'i'));
    // Plain HTTP here; behind HTTPS (X-Forwarded-Proto from the trusted proxy) it is Secure.
    expect(header).not.toMatch(/; Secure/i);
    const https = await login(one, '203.0.113.10', 'known', PASSWORD).set('X-Forwarded-Proto', 'https');
    expect(([] as string[]).concat(https.headers['set-cookie'] ?? []).find((c) => c.startsWith('zhtj_device='))).toMatch(/; Secure/i);
    // A failed login sets none.
    const failed = await login(one, '203.0.113.10', 'known', 'wrong-pass1');
    expect(failed.headers['set-cookie']).toBeUndefined();
  });

  it('after 3 failed logins from an address, a login needs a captcha: none → CAPTCHA_REQUIRED, wrong → CAPTCHA_INVALID, right → it proceeds', async () => {
    const address = '203.0.113.20';
    await failThrice(address);
    const none = await login(one, address, 'other', PASSWORD);
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ statusCode: 401, code: 'CAPTCHA_REQUIRED' });
    expect(none.body.message).toMatch(/验证码/);
    // The other replica asks too: the failures are counted in PostgreSQL.
    expect((await login(two, address, 'other', PASSWORD)).body.code).toBe('CAPTCHA_REQUIRED');
    // Another address is not asked.
    expect((await login(one, '203.0.113.21', 'other', PASSWORD)).status).toBe(200);

    const first = await captcha(one, address);
    expect(first.image).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(first.image.split(',')[1] as string, 'base64').toString('utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);
    const answer = await storedAnswer(first.captchaId);
    const wrong = answer === 'AAAA' ? 'CCCC' : 'AAAA';
    const bad = await login(one, address, 'other', PASSWORD, { captchaId: first.captchaId, captchaAnswer: wrong });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ code: 'CAPTCHA_INVALID' });
    expect(bad.body.message).toMatch(/验证码/);

    // A challenge issued by one replica is checked by the other; the answer is not case-sensitive.
    const second = await captcha(one, address);
    const ok = await login(two, address, 'other', PASSWORD, {
      captchaId: second.captchaId,
      captchaAnswer: (await storedAnswer(second.captchaId)).toLowerCase(),
    });
    expect(ok.body).toMatchObject({ user: { username: 'other' } });
    expect(typeof ok.body.accessToken).toBe('string');
    // A right answer with a wrong password is an ordinary failed login.
    const third = await captcha(one, address);
    expect(
      (
        await login(one, address, 'other', 'wrong-pass1', {
          captchaId: third.captchaId,
          captchaAnswer: await storedAnswer(third.captchaId),
        })
      ).body.code,
    ).toBe('LOGIN_FAILED');
  });

  it('a captcha is good once, right or wrong, and not after it expires', async () => {
    const address = '203.0.113.30';
    await failThrice(address);
    const c = await captcha(one, address);
    const answer = await storedAnswer(c.captchaId);
    expect((await login(one, address, 'single', PASSWORD, { captchaId: c.captchaId, captchaAnswer: answer })).status).toBe(200);
    // Used: the same id and answer again, on either replica.
    expect((await login(one, address, 'single', PASSWORD, { captchaId: c.captchaId, captchaAnswer: answer })).body.code).toBe(
      'CAPTCHA_INVALID',
    );
    expect((await login(two, address, 'single', PASSWORD, { captchaId: c.captchaId, captchaAnswer: answer })).body.code).toBe(
      'CAPTCHA_INVALID',
    );
    // A wrong answer uses it up too: no second guess at one image.
    const d = await captcha(one, address);
    const dAnswer = await storedAnswer(d.captchaId);
    expect(
      (await login(one, address, 'single', PASSWORD, { captchaId: d.captchaId, captchaAnswer: dAnswer === 'AAAA' ? 'CCCC' : 'AAAA' })).body
        .code,
    ).toBe('CAPTCHA_INVALID');
    expect((await login(one, address, 'single', PASSWORD, { captchaId: d.captchaId, captchaAnswer: dAnswer })).body.code).toBe(
      'CAPTCHA_INVALID',
    );
    // An unknown id is the same answer.
    expect(
      (await login(one, address, 'single', PASSWORD, { captchaId: '00000000-0000-4000-8000-000000000000', captchaAnswer: 'ACDE' })).body
        .code,
    ).toBe('CAPTCHA_INVALID');
    // Expired (the app clock moved 3 minutes on).
    const e = await captcha(one, address);
    const eAnswer = await storedAnswer(e.captchaId);
    await request(one.getHttpServer())
      .put('/api/test/clock')
      .send({ now: new Date(Date.parse(e.expiresAt) + 60_000).toISOString() })
      .expect(200);
    try {
      expect((await login(one, address, 'single', PASSWORD, { captchaId: e.captchaId, captchaAnswer: eAnswer })).body.code).toBe(
        'CAPTCHA_INVALID',
      );
    } finally {
      await request(one.getHttpServer()).put('/api/test/clock').send({ now: new Date().toISOString() }).expect(200);
    }
  });

  it('a known device logs in without a challenge; a forged cookie, one for another account or one signed with another key gives nothing', async () => {
    const address = '203.0.113.40';
    const cookie = deviceCookie(await login(one, address, 'known', PASSWORD));
    await failThrice(address);
    // The known browser goes ahead, on either replica (the key comes from the shared JWT secret).
    expect((await login(one, address, 'known', PASSWORD, { cookie })).status).toBe(200);
    expect((await login(two, address, 'known', PASSWORD, { cookie })).status).toBe(200);
    // The same account from a browser without the cookie is asked.
    expect((await login(one, address, 'known', PASSWORD)).body.code).toBe('CAPTCHA_REQUIRED');
    // The cookie names its account: for another name it counts for nothing.
    expect((await login(one, address, 'other', PASSWORD, { cookie })).body.code).toBe('CAPTCHA_REQUIRED');
    // Tampered: the payload changed to another account, the signature kept.
    const [name, value] = cookie.split('=') as [string, string];
    const [version, payload, mac] = value.split('.') as [string, string, string];
    const claim = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u: string; n: string; t: number };
    const otherId = (await db.query(`SELECT id FROM app_user WHERE username = 'other'`))[0].id as string;
    const tampered = `${name}=${version}.${Buffer.from(JSON.stringify({ ...claim, u: otherId, n: 'other' })).toString('base64url')}.${mac}`;
    expect((await login(one, address, 'other', PASSWORD, { cookie: tampered })).body.code).toBe('CAPTCHA_REQUIRED');
    // Signed with a key that is not the server's.
    const forgedPayload = Buffer.from(JSON.stringify({ ...claim, u: otherId, n: 'other' })).toString('base64url');
    const forged = `${name}=v1.${forgedPayload}.${createHmac('sha256', 'not-the-key').update(`v1.${forgedPayload}`).digest('base64url')}`;
    expect((await login(one, address, 'other', PASSWORD, { cookie: forged })).body.code).toBe('CAPTCHA_REQUIRED');
    expect((await login(one, address, 'known', PASSWORD, { cookie: `${name}=garbage` })).body.code).toBe('CAPTCHA_REQUIRED');
    // A known device still needs the right password.
    expect((await login(one, address, 'known', 'wrong-pass1', { cookie })).body.code).toBe('LOGIN_FAILED');
  });

  it('a known device is not refused when its address is flooded past the per-address budget', async () => {
    const address = '203.0.113.50';
    const cookie = deviceCookie(await login(one, address, 'flooded', PASSWORD));
    // The rest of the address's budget (LOGIN_RATE_LIMIT = 10 a minute), then refusals.
    const flood: number[] = [];
    for (let i = 0; i < 12; i++) flood.push((await login(one, address, `bogus-${i}`, 'wrong-pass1')).status);
    expect(flood.slice(-2)).toEqual([429, 429]);
    expect((await login(one, address, 'flooded', PASSWORD)).status).toBe(429);
    expect((await login(two, address, 'flooded', PASSWORD, { cookie })).status).toBe(200);
  });
});

/**
 * The lanes end to end: the process's gate is held by slow fake work (one slot, one waiting place,
 * none of it for anonymous logins), so what each login gets is decided by its lane, not by timing.
 */
describe('the password-hashing gate under a held slot', () => {
  let app: INestApplication;
  let db: DataSource;
  let close: () => Promise<void>;
  let gate: Argon2Gate;
  const saved = { ...process.env };
  const address = '203.0.113.60';

  beforeAll(async () => {
    Object.assign(process.env, { TRUST_PROXY: 'loopback', ARGON2_CONCURRENCY: '1', ARGON2_QUEUE: '1', ARGON2_ANON_QUEUE: '0' });
    ({
      apps: [app],
      close,
    } = await appsOnOneDatabase(1));
    db = app.get(DataSource);
    gate = app.get(Argon2Gate);
    const token = (await request(app.getHttpServer()).post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD })).body
      .accessToken as string;
    await accountsAtOwnOrg(app, token, ['known']);
  });
  afterAll(async () => {
    await close?.();
    process.env = saved;
  });

  /** Takes the gate's only slot with work that runs until released. */
  const hold = () => {
    let release: () => void = () => undefined;
    const held = gate.run(() => new Promise<void>((r) => (release = r)), 'anonymous');
    return { release: () => release(), held };
  };
  const waitForTrustedWaiter = async () => {
    for (let i = 0; i < 500 && gate.queued.trusted === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(gate.queued).toEqual({ trusted: 1, anonymous: 0 });
  };
  const login = (body: Record<string, string>, cookie?: string) => {
    const req = request(app.getHttpServer()).post('/api/auth/login').set('X-Forwarded-For', address);
    if (cookie) req.set('Cookie', cookie);
    return req.send({ username: 'known', password: PASSWORD, ...body });
  };

  it('an anonymous login with no room is asked for a challenge; a known device waits in the trusted lane and gets the slot', async () => {
    const first = await login({});
    expect(first.status).toBe(200);
    const cookie = ([] as string[])
      .concat(first.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith('zhtj_device='))
      ?.split(';')[0] as string;

    const slot = hold();
    // The anonymous lane has no place: asked for a challenge at once (it was 429 before).
    const anonymous = await login({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('CAPTCHA_REQUIRED');
    // The known device queues in the trusted lane and is served when the slot frees.
    const known = login({}, cookie).then((r) => r);
    await waitForTrustedWaiter();
    slot.release();
    await slot.held;
    expect((await known).status).toBe(200);
  });

  it('an answered challenge takes the trusted lane too; a forged cookie does not', async () => {
    const slot = hold();
    const forged = await login({}, 'zhtj_device=v1.eyJ1IjoieCIsIm4iOiJrbm93biIsInQiOjF9.AAAA');
    expect(forged.body.code).toBe('CAPTCHA_REQUIRED');
    const c = (await request(app.getHttpServer()).get('/api/auth/captcha').set('X-Forwarded-For', address)).body as { captchaId: string };
    const answer = (await db.query(`SELECT answer FROM login_challenge WHERE id = $1`, [c.captchaId]))[0].answer as string;
    const answered = login({ captchaId: c.captchaId, captchaAnswer: answer }).then((r) => r);
    await waitForTrustedWaiter();
    slot.release();
    await slot.held;
    expect((await answered).status).toBe(200);
  });
});
