/**
 * The month a charge counts in: the calendar month in Japan (Asia/Tokyo), as
 * the invoices are Japanese. JST has no daylight saving time, so a fixed
 * +09:00 offset is exact.
 */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

export function usageMonthOf(instant: Date): string {
  return new Date(instant.getTime() + JST_OFFSET_MS).toISOString().slice(0, 7);
}
