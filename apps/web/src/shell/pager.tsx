/** 前へ / 次へ between the pages of a list; each is disabled at its end. */
export function Pager({
  label,
  page,
  pageCount,
  onPage,
}: {
  label: string;
  page: number;
  pageCount: number;
  onPage: (page: number) => void;
}) {
  return (
    <nav className="pager" aria-label={`${label}のページ`}>
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        前へ
      </button>
      <span data-testid="page-position">
        {page} / {pageCount}ページ
      </span>
      <button type="button" className="secondary" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
        次へ
      </button>
    </nav>
  );
}

/** How many pages `total` rows fill; an empty list is one (empty) page. */
export function pageCountOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
