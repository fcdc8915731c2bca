/** Query strings arrive as text: page numbers become numbers, empty values disappear. */
export function pageQuery(query: Record<string, string | undefined>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') {
      continue;
    }
    result[key] = key === 'page' || key === 'pageSize' ? (/^\d{1,6}$/.test(value) ? Number(value) : value) : value;
  }
  return result;
}
