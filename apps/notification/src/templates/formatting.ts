import { Links, MailLanguage } from './mail-content';

const JST_OFFSET_MS = 9 * 60 * 60 * 1000; // Japan keeps no daylight saving time

/** An instant in Japan time, the platform's reference time: `2026/11/25 09:30（日本時間）` or `2026-11-25 09:30 JST`. */
export function formatTime(iso: string, language: MailLanguage): string {
  const jst = new Date(new Date(iso).getTime() + JST_OFFSET_MS);
  const pad = (value: number) => String(value).padStart(2, '0');
  const date = [jst.getUTCFullYear(), pad(jst.getUTCMonth() + 1), pad(jst.getUTCDate())];
  const time = `${pad(jst.getUTCHours())}:${pad(jst.getUTCMinutes())}`;
  return language === 'ja' ? `${date.join('/')} ${time}（日本時間）` : `${date.join('-')} ${time} JST`;
}

/** Every link a mail may carry, all under the public base URL users reach the platform at. */
export function linksFor(publicBaseUrl: string): Links {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    login: `${base}/login`,
    top: `${base}/`,
    certificates: `${base}/certificates`,
    document: (documentNumber) => `${base}/contracts/${encodeURIComponent(documentNumber)}`,
  };
}
