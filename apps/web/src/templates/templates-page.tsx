import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TemplateView } from '@app/contracts';
import { api, queryString } from '../api/api-client';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { formatDate } from '../ui/format';
import { pageCountOf, PageRange, pageParam, Pager } from '../ui/pager';

const PAGE_SIZE = 20;

interface TemplatePage {
  items: TemplateView[];
  total: number;
  page: number;
  pageSize: number;
  from: number;
  to: number;
}

/** 契約文書登録 started from a template (W2's screen reads `?templateId=`). */
export const registerFromTemplatePath = (templateId: string): string => `/contracts/new?templateId=${encodeURIComponent(templateId)}`;

/**
 * テンプレート管理: the company's templates by name, searched and paged (in the
 * URL), each to use (契約文書登録 pre-filled), edit or delete (asked once more
 * in the row before it goes).
 */
export function TemplatesPage() {
  const { t } = useTranslation('templates');
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const saved = (location.state as { saved?: string } | null)?.saved;
  const query = params.get('query') ?? '';
  const page = pageParam(params);
  const [typed, setTyped] = useState(query);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<string | null>(null);
  const client = useQueryClient();
  const announce = useAnnounce();
  const list = useQuery({
    queryKey: ['templates', 'list', query, page],
    queryFn: () => api<TemplatePage>('GET', `/api/templates${queryString({ query, page, pageSize: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation({
    mutationFn: (template: TemplateView) => api<TemplateView>('DELETE', `/api/templates/${template.templateId}`),
    onSuccess: (template) => {
      setConfirming(null);
      setDeleted(template.name);
      announce(t('deleted', { name: template.name }));
      void client.invalidateQueries({ queryKey: ['templates'] });
    },
  });
  const go = (nextQuery: string, nextPage: number) =>
    setParams({ ...(nextQuery.trim() ? { query: nextQuery.trim() } : {}), ...(nextPage > 1 ? { page: String(nextPage) } : {}) });
  const search = (event: FormEvent) => {
    event.preventDefault();
    go(typed, 1);
  };
  const data = list.data;
  const pageCount = data ? pageCountOf(data.total, data.pageSize) : 1;
  if (data && !list.isPlaceholderData && page > pageCount) {
    return <Navigate to={`/templates${queryString({ query, page: pageCount > 1 ? pageCount : undefined })}`} replace />;
  }

  return (
    <Page title={t('title')}>
      <div className="actions">
        <Link className="button" to="/templates/new">
          {t('createTitle')}
        </Link>
      </div>
      <div>
        {saved && !deleted && <p className="notice">{t('saved', { name: saved })}</p>}
        {deleted && <p className="notice">{t('deleted', { name: deleted })}</p>}
      </div>
      <form className="form conditions" onSubmit={search} aria-label={t('searchLabel')}>
        <Field label={t('query')}>
          <input name="query" value={typed} onChange={(event) => setTyped(event.target.value)} />
        </Field>
        <div className="form-actions">
          <button type="submit">{t('common:search')}</button>
        </div>
      </form>
      {list.error && <ErrorMessage error={list.error} />}
      {remove.error && <ErrorMessage error={remove.error} />}
      {data && (
        <>
          <div className="table-tools">
            <PageRange testId="templates-count" total={data.total} from={data.from} to={data.to} />
            <Pager label={t('title')} page={page} pageCount={pageCount} onPage={(next) => go(query, next)} />
          </div>
          {data.total === 0 ? (
            <EmptyState>{t('empty')}</EmptyState>
          ) : (
            <DataTable<TemplateView>
              label={t('tableName')}
              rows={data.items}
              rowKey={(row) => row.templateId}
              columns={[
                { key: 'name', header: t('fields.name'), cell: (row) => row.name },
                { key: 'contractName', header: t('fields.contractName'), cell: (row) => row.contractName ?? '' },
                { key: 'counterparty', header: t('fields.counterpartyCompanyId'), cell: (row) => row.counterpartyCompanyId ?? '' },
                {
                  key: 'signatureMode',
                  header: t('fields.signatureMode'),
                  cell: (row) => (row.signatureMode ? t(`common:signatureMode.${row.signatureMode}`) : ''),
                },
                { key: 'updatedAt', header: t('fields.updatedAt'), cell: (row) => formatDate(row.updatedAt) },
                {
                  key: 'actions',
                  header: t('actions.header'),
                  cell: (row) =>
                    confirming === row.templateId ? (
                      <div className="row-actions" role="group" aria-label={t('actions.confirmDelete', { name: row.name })}>
                        <span>{t('actions.confirmDelete', { name: row.name })}</span>
                        <button type="button" autoFocus disabled={remove.isPending} onClick={() => remove.mutate(row)}>
                          {t('actions.deleteConfirmed')}
                        </button>
                        <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                          {t('actions.cancel')}
                        </button>
                      </div>
                    ) : (
                      <div className="row-actions">
                        <Link to={registerFromTemplatePath(row.templateId)} aria-label={t('actions.useNamed', { name: row.name })}>
                          {t('actions.use')}
                        </Link>
                        <Link to={`/templates/${row.templateId}`} aria-label={t('actions.editNamed', { name: row.name })}>
                          {t('actions.edit')}
                        </Link>
                        <button
                          type="button"
                          className="link-button"
                          aria-label={t('actions.deleteNamed', { name: row.name })}
                          onClick={() => setConfirming(row.templateId)}
                        >
                          {t('actions.delete')}
                        </button>
                      </div>
                    ),
                },
              ]}
            />
          )}
        </>
      )}
    </Page>
  );
}
