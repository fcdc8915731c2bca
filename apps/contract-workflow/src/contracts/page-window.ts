/** For "N件中 a～b件目を表示": the first and last row a page shows, 1-based; 0 and 0 when it shows none. */
export function pageWindow(page: number, pageSize: number, shown: number): { from: number; to: number } {
  if (shown === 0) {
    return { from: 0, to: 0 };
  }
  const from = (page - 1) * pageSize + 1;
  return { from, to: from + shown - 1 };
}
