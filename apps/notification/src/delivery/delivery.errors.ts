import { AppError } from '@app/contracts';

/**
 * A mail that will not be sent: out of retries, or its secret cannot be
 * opened. Its status is < 500 on purpose: the RMQ server then dead-letters
 * the event at once instead of redelivering it (the delivery log already
 * says failed, and why).
 */
export function mailUndeliverable(reason: string): AppError {
  return new AppError({
    code: 'MAIL_UNDELIVERABLE',
    status: 422,
    message: {
      ja: `メールを配信できませんでした（${reason}）。`,
      en: `The mail could not be delivered (${reason}).`,
    },
  });
}
