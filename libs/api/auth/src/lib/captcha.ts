import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import * as svgCaptcha from 'svg-captcha';
import { AppError, Clock } from '@zhtj/api/core';
import { LoginChallengeStore, ThrottleStore } from '@zhtj/api/db';
import type { CaptchaView } from '@zhtj/shared/contract';

/** A challenge is good this long after it is shown. */
export const CAPTCHA_TTL_MS = 2 * 60_000;
/** Letters and digits that do not look alike (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
const CAPTCHA_CHARS = 'ACDEFGHJKMNPQRTUVWXY34679';
const CAPTCHA_LENGTH = 4;

type DrawOptions = Parameters<typeof svgCaptcha.create>[0];
type Draw = (text: string, options: DrawOptions) => string;

/**
 * svg-captcha's module is itself the function that draws a given text (`module.exports =
 * createCaptcha`), which its typings leave out; the loader hands it over as the namespace's
 * default (CommonJS interop) or as the namespace itself.
 */
function drawCaptcha(text: string, options: DrawOptions): string {
  const mod = svgCaptcha as unknown as { default?: unknown };
  const draw = (typeof mod === 'function' ? mod : mod.default) as Draw | undefined;
  if (typeof draw !== 'function') throw new Error('svg-captcha: no drawing function');
  return draw(text, options);
}

/**
 * The image challenge of a login (issue 21 item 5), drawn by svg-captcha 1.4.0 (pinned). The text
 * is drawn from crypto.randomInt (svg-captcha's own uses Math.random); its answer is kept in
 * PostgreSQL (`LoginChallengeStore`) for CAPTCHA_TTL_MS, single use, so any replica checks it.
 */
@Injectable()
export class CaptchaService {
  /** Challenges a minute from one client address. */
  private readonly rateLimit = Number(process.env['LOGIN_RATE_LIMIT'] ?? 60);

  constructor(
    private readonly store: LoginChallengeStore,
    private readonly throttle: ThrottleStore,
    private readonly clock: Clock,
  ) {}

  async issue(ip: string): Promise<CaptchaView> {
    if (!(await this.throttle.hit(`captcha-addr:${ip}`, this.rateLimit, 60_000))) throw new AppError('TOO_MANY_REQUESTS');
    const text = Array.from({ length: CAPTCHA_LENGTH }, () => CAPTCHA_CHARS[randomInt(CAPTCHA_CHARS.length)]).join('');
    const svg = drawCaptcha(text, { width: 150, height: 50, fontSize: 56, noise: 2, color: true, background: '#f5f7fa' });
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + CAPTCHA_TTL_MS);
    const captchaId = await this.store.create(text, expiresAt, now);
    return { captchaId, image: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, expiresAt: expiresAt.toISOString() };
  }

  /** True when `answer` answers challenge `id`; the challenge is used up either way. */
  check(id: string, answer: string): Promise<boolean> {
    return this.store.consume(id, answer, this.clock.now());
  }
}
