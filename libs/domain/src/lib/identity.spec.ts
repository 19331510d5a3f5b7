import { describe, expect, it } from 'vitest';
import { idCardCheckChar, isValidPhone, maskIdCardNumber, maskPhone, maskPhonesInText, parseIdCardNumber } from './identity';

// A valid number built with the GB 11643 check character.
const first17 = '51010420000101123';
const valid = first17 + idCardCheckChar(first17);

describe('ID-card numbers (§2, GB 11643-1999)', () => {
  it('accepts a number with a correct ISO 7064 MOD 11-2 check character', () => {
    expect(parseIdCardNumber(valid)).toEqual({
      ok: true,
      normalized: valid,
      birthDate: '2000-01-01',
      gender: 'male', // 17th digit 3 is odd
      regionCode: '510104',
    });
  });

  it('computes the published example check character (11010519491231002X)', () => {
    expect(idCardCheckChar('11010519491231002')).toBe('X');
    expect(parseIdCardNumber('11010519491231002x')).toMatchObject({ ok: true, normalized: '11010519491231002X', gender: 'female' });
  });

  it('reads gender from the 17th digit: even is female', () => {
    const f = '51010420000101124';
    expect(parseIdCardNumber(f + idCardCheckChar(f))).toMatchObject({ ok: true, gender: 'female' });
  });

  it('refuses a number of the wrong shape (ID_CARD_FORMAT)', () => {
    expect(parseIdCardNumber('5101042000010112')).toEqual({ ok: false, code: 'ID_CARD_FORMAT' });
    expect(parseIdCardNumber('51010420000101123Y')).toEqual({ ok: false, code: 'ID_CARD_FORMAT' });
  });

  it('refuses a birth date that does not exist (ID_CARD_BIRTH_DATE)', () => {
    const bad = '51010420010229123';
    expect(parseIdCardNumber(bad + idCardCheckChar(bad))).toEqual({ ok: false, code: 'ID_CARD_BIRTH_DATE' });
  });

  it('refuses a wrong check character (ID_CARD_CHECKSUM)', () => {
    const wrong = first17 + (valid.endsWith('0') ? '1' : '0');
    expect(parseIdCardNumber(wrong)).toEqual({ ok: false, code: 'ID_CARD_CHECKSUM' });
  });

  it('shows ID numbers masked: first 4 and last 4 (§2)', () => {
    expect(maskIdCardNumber('510104200001011234')).toBe('5101**********1234');
    expect(maskIdCardNumber('1234')).toBe('****');
  });

  it('masks phone numbers', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('12345')).toBe('1***5');
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('')).toBe('');
  });

  it('masks the phone inside an emergency contact and keeps the words (§2)', () => {
    expect(maskPhonesInText('母亲 13712345678')).toBe('母亲 137****5678');
    expect(maskPhonesInText('父亲：028-85551234，母亲 13712345678')).toBe('父亲：028*****1234，母亲 137****5678');
    expect(maskPhonesInText('张三')).toBe('张三');
    expect(maskPhonesInText(null)).toBeNull();
  });

  it('accepts mainland mobile and landline numbers, refuses the rest (§2)', () => {
    for (const p of ['13812345678', '+8613812345678', '138 1234 5678', '028-85551234', '02885551234', '010-12345678-123'])
      expect(isValidPhone(p), p).toBe(true);
    for (const p of ['12345', '12812345678', '1381234567', '138123456789', 'abc', '00000', '85551234', '+1 (555) 123-4567'])
      expect(isValidPhone(p), p).toBe(false);
  });
});
