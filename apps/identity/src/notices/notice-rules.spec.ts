import { AppError } from '@app/contracts';
import { noticeState, requireOrderedWindow } from './notice-rules';

const at = new Date('2026-11-20T00:00:00.000Z');
const shifted = (ms: number) => new Date(at.getTime() + ms);

describe('notice rules', () => {
  it.each([
    ['no window', null, null, 'PUBLISHED'],
    ['from exactly now (inclusive)', at, null, 'PUBLISHED'],
    ['from 1 ms later', shifted(1), null, 'SCHEDULED'],
    ['until 1 ms later', null, shifted(1), 'PUBLISHED'],
    ['until exactly now (exclusive)', null, at, 'EXPIRED'],
    ['inside a closed window', shifted(-1000), shifted(1000), 'PUBLISHED'],
  ] as const)('%s: %s', (_name, publishFrom, publishUntil, expected) => {
    expect(noticeState({ publishFrom, publishUntil, withdrawnAt: null }, at)).toBe(expected);
  });

  it('calls a withdrawn notice withdrawn whatever its window', () => {
    expect(noticeState({ publishFrom: null, publishUntil: null, withdrawnAt: shifted(-1) }, at)).toBe('WITHDRAWN');
  });

  it('refuses an end that is not after the start, in English and Japanese', () => {
    const refusal = (from: Date | null, until: Date | null) => {
      try {
        requireOrderedWindow({ publishFrom: from, publishUntil: until });
        return undefined;
      } catch (error) {
        return (error as AppError).reply;
      }
    };
    expect(refusal(at, at)).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      details: [{ path: 'publishUntil', messageJa: '掲載終了日時は掲載開始日時より後の日時にしてください。' }],
    });
    expect(refusal(at, shifted(-1))?.details?.[0]?.message).toContain('must be after publishFrom');
    expect(refusal(at, shifted(1))).toBeUndefined();
    expect(refusal(null, at)).toBeUndefined();
    expect(refusal(at, null)).toBeUndefined();
  });
});
