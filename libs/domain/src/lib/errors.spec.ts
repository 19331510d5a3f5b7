import { describe, expect, it } from 'vitest';
import { DOMAIN_ERRORS, domainErrorBody, fillMessage, isDomainErrorCode, refusalBody } from './errors';
import { refuseWith } from './types';

describe('error catalogue', () => {
  it('gives every code a Chinese and an English message and a 4xx status', () => {
    for (const [code, e] of Object.entries(DOMAIN_ERRORS)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(e.zh.length).toBeGreaterThan(0);
      expect(e.en.length).toBeGreaterThan(0);
      expect(/[\u4e00-\u9fff]/.test(e.zh)).toBe(true);
      expect([400, 403, 404, 409, 422]).toContain(e.http);
    }
  });

  it('holds the identity codes used by identity.ts', () => {
    for (const code of ['ID_CARD_FORMAT', 'ID_CARD_BIRTH_DATE', 'ID_CARD_CHECKSUM']) expect(isDomainErrorCode(code)).toBe(true);
  });

  it('builds the API body {statusCode, code, message, messageEn}', () => {
    expect(domainErrorBody('SAME_ORG')).toEqual({
      statusCode: 422,
      code: 'SAME_ORG',
      message: DOMAIN_ERRORS.SAME_ORG.zh,
      messageEn: DOMAIN_ERRORS.SAME_ORG.en,
    });
    expect(domainErrorBody('NOT_IN_SCOPE').statusCode).toBe(404);
  });

  it('names who initiated the open transfer and when (Q21)', () => {
    const body = refusalBody(refuseWith('TRANSFER_ALREADY_OPEN', { initiatorName: '张老师', initiatedAt: '2026-06-01 10:05' }));
    expect(body.statusCode).toBe(409);
    expect(body.message).toContain('张老师于2026-06-01 10:05发起');
    expect(body.messageEn).toContain('initiated by 张老师 at 2026-06-01 10:05');
    expect(body.details).toEqual({ initiatorName: '张老师', initiatedAt: '2026-06-01 10:05' });
  });

  it('fills missing placeholders with a dash and passes unknown codes through as 400', () => {
    expect(fillMessage('{a}/{b}', { a: 1, b: null })).toBe('1/—');
    expect(domainErrorBody('SOMETHING_ELSE')).toEqual({
      statusCode: 400,
      code: 'SOMETHING_ELSE',
      message: 'SOMETHING_ELSE',
      messageEn: 'SOMETHING_ELSE',
    });
    expect(isDomainErrorCode('toString')).toBe(false);
  });
});
