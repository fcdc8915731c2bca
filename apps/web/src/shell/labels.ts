/** The Japanese labels of DOMAIN.md for codes the API returns without one. */
export const SIGNATURE_MODE_LABELS = { BOTH: '双方署名有り', SENDER_ONLY: '発信者のみ署名' } as const;
export type SignatureMode = keyof typeof SIGNATURE_MODE_LABELS;

export const SIDE_LABELS = { ORDERER: '発注側', CONTRACTOR: '受注側' } as const;
export type Side = keyof typeof SIDE_LABELS;

const dateFormat = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** 更新日 as lists show it: `YYYY/MM/DD`, in Japan's time (as the API's date conditions count). */
export function formatDate(iso: string | null | undefined): string {
  return iso ? dateFormat.format(new Date(iso)) : '';
}
