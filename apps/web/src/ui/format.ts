import { i18n } from '../i18n/i18n';

const locales = { ja: 'ja-JP', en: 'en-GB' } as const;

function locale(): string {
  return i18n.language === 'en' ? locales.en : locales.ja;
}

/** A date as lists show it: `YYYY/MM/DD`, in Japan's time (as the API's date conditions count). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) {
    return '';
  }
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(iso),
  );
  return parts.replaceAll('-', '/');
}

/** A calendar date of the API (`YYYY-MM-DD`) as `YYYY/MM/DD`. */
export function formatDay(day: string): string {
  return day.replaceAll('-', '/');
}

/** Date and time in Japan's time, in the user's language. */
export function formatDateTime(iso: string | null | undefined): string {
  return iso
    ? new Intl.DateTimeFormat(locale(), { timeZone: 'Asia/Tokyo', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
    : '';
}

/** An amount of yen with thousands separators, no currency sign (the dictionary adds 円 / ¥). */
export function formatAmount(amount: number): string {
  return new Intl.NumberFormat('ja-JP').format(amount);
}

/** 文書管理番号: exactly 10 digits. Fewer digits are not padded: "5" is refused with a message, not read as 0000000005. */
export function isDocumentNumber(value: string): boolean {
  return /^\d{10}$/.test(value.trim());
}
