import { AppError, NoticeState } from '@app/contracts';

export interface NoticeWindow {
  publishFrom: Date | null;
  publishUntil: Date | null;
}

/** A notice is shown from publishFrom (inclusive) until publishUntil (exclusive); an open bound does not limit it. */
export function noticeState(notice: NoticeWindow & { withdrawnAt: Date | null }, at: Date): NoticeState {
  if (notice.withdrawnAt) {
    return 'WITHDRAWN';
  }
  if (notice.publishFrom && notice.publishFrom.getTime() > at.getTime()) {
    return 'SCHEDULED';
  }
  if (notice.publishUntil && notice.publishUntil.getTime() <= at.getTime()) {
    return 'EXPIRED';
  }
  return 'PUBLISHED';
}

/**
 * Refuses a window that would never show the notice. Checked on the window as
 * it will be stored, so an edit that moves only one bound is checked against
 * the other as it already is.
 */
export function requireOrderedWindow(window: NoticeWindow): void {
  if (window.publishFrom && window.publishUntil && window.publishUntil.getTime() <= window.publishFrom.getTime()) {
    throw AppError.of('VALIDATION_FAILED', [
      {
        path: 'publishUntil',
        message: `publishUntil (${window.publishUntil.toISOString()}) must be after publishFrom (${window.publishFrom.toISOString()})`,
        messageJa: '掲載終了日時は掲載開始日時より後の日時にしてください。',
      },
    ]);
  }
}
