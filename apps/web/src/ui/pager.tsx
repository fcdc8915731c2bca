import { useTranslation } from 'react-i18next';

/** 「N件中 a～b件目を表示」 for a page of a list. */
export function PageRange({ total, from, to, testId }: { total: number; from: number; to: number; testId?: string }) {
  const { t } = useTranslation();
  return <p data-testid={testId}>{t('pager.range', { total, from, to })}</p>;
}

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
  const { t } = useTranslation();
  return (
    <nav className="pager" aria-label={t('pager.label', { name: label })}>
      <button type="button" className="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('pager.previous')}
      </button>
      <span data-testid="page-position">{t('pager.position', { page, count: pageCount })}</span>
      <button type="button" className="secondary" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
        {t('pager.next')}
      </button>
    </nav>
  );
}

/** How many pages `total` rows fill; an empty list is one (empty) page. */
export function pageCountOf(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** The page asked for in the URL (`?page=`), as a whole number from 1; anything else is the first. */
export function pageParam(params: URLSearchParams): number {
  const page = Number(params.get('page') ?? '1');
  return Number.isSafeInteger(page) && page >= 1 ? page : 1;
}
