import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ManagedNoticeView, NoticeState } from '@app/contracts';
import { api, queryString } from '../api/api-client';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { formatDateTime } from '../ui/format';
import { pageCountOf, PageRange, pageParam, Pager } from '../ui/pager';
import { NoticeFields, NoticeForm } from './notice-form';

const PAGE_SIZE = 20;
const STATES: NoticeState[] = ['SCHEDULED', 'PUBLISHED', 'EXPIRED', 'WITHDRAWN'];

interface ManagedNoticePage {
  items: ManagedNoticeView[];
  total: number;
  page: number;
  pageSize: number;
  from: number;
  to: number;
}

/**
 * お知らせ管理 (管理用ID: the company's notices; operator: the platform's):
 * every notice with where it stands, filtered by state and paged in the URL;
 * 新規登録 and 編集 open the form above the list (the focus moves to it),
 * 取下げ asks once more. Withdrawn notices stay listed under their filter.
 */
export function NoticesManagePage() {
  const { t } = useTranslation('notices');
  const [params, setParams] = useSearchParams();
  const stateParam = params.get('state');
  const state = STATES.find((known) => known === stateParam);
  const page = pageParam(params);
  const [editing, setEditing] = useState<ManagedNoticeView | 'new' | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const client = useQueryClient();
  const announce = useAnnounce();
  const list = useQuery({
    queryKey: ['notices', 'managed', state, page],
    queryFn: () => api<ManagedNoticePage>('GET', `/api/notices/managed${queryString({ state, page, pageSize: PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
  const finished = (message: string) => {
    setDone(message);
    announce(message);
    void client.invalidateQueries({ queryKey: ['notices'] });
  };
  const save = useMutation({
    mutationFn: ({ notice, fields }: { notice: ManagedNoticeView | null; fields: NoticeFields }) =>
      notice
        ? api<ManagedNoticeView>('PATCH', `/api/notices/${notice.noticeId}`, fields)
        : api<ManagedNoticeView>('POST', '/api/notices', fields),
    onSuccess: (notice) => {
      setEditing(null);
      finished(t('saved', { title: notice.title }));
    },
  });
  const withdraw = useMutation({
    mutationFn: (notice: ManagedNoticeView) => api<ManagedNoticeView>('DELETE', `/api/notices/${notice.noticeId}`),
    onSuccess: (notice) => {
      setConfirming(null);
      finished(t('withdrawn', { title: notice.title }));
    },
  });
  useEffect(() => {
    if (editing) {
      document.getElementById('notice-form-heading')?.focus();
    }
  }, [editing]);
  const open = (target: ManagedNoticeView | 'new') => {
    save.reset();
    setDone(null);
    setEditing(target);
  };
  const go = (nextState: string, nextPage: number) =>
    setParams({ ...(nextState ? { state: nextState } : {}), ...(nextPage > 1 ? { page: String(nextPage) } : {}) });
  const data = list.data;
  const pageCount = data ? pageCountOf(data.total, data.pageSize) : 1;
  if (data && !list.isPlaceholderData && page > pageCount) {
    return <Navigate to={`/notices/manage${queryString({ state, page: pageCount > 1 ? pageCount : undefined })}`} replace />;
  }

  return (
    <Page title={t('title')}>
      <p className="muted">{t('lead')}</p>
      <div className="actions">
        <button type="button" onClick={() => open('new')}>
          {t('create')}
        </button>
      </div>
      <div>{done && <p className="notice">{done}</p>}</div>
      {editing && (
        <NoticeForm
          key={editing === 'new' ? 'new' : editing.noticeId}
          notice={editing === 'new' ? null : editing}
          pending={save.isPending}
          error={save.error}
          onSubmit={(fields) => save.mutate({ notice: editing === 'new' ? null : editing, fields })}
          onCancel={() => setEditing(null)}
        />
      )}
      <section aria-labelledby="managed-notices-heading">
        <h2 id="managed-notices-heading">{t('listHeading')}</h2>
        <div className="form conditions">
          <Field label={t('stateFilter')}>
            <select name="state" value={state ?? ''} onChange={(event) => go(event.target.value, 1)}>
              <option value="">{t('anyState')}</option>
              {STATES.map((known) => (
                <option key={known} value={known}>
                  {t(`state.${known}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {list.error && <ErrorMessage error={list.error} />}
        {withdraw.error && <ErrorMessage error={withdraw.error} />}
        {data && (
          <>
            <div className="table-tools">
              <PageRange testId="notices-count" total={data.total} from={data.from} to={data.to} />
              <Pager label={t('title')} page={page} pageCount={pageCount} onPage={(next) => go(state ?? '', next)} />
            </div>
            {data.total === 0 ? (
              <EmptyState>{t('empty')}</EmptyState>
            ) : (
              <DataTable<ManagedNoticeView>
                label={t('tableName')}
                rows={data.items}
                rowKey={(row) => row.noticeId}
                rowProps={(row) => ({ 'data-state': row.state })}
                columns={[
                  { key: 'title', header: t('fields.title'), cell: (row) => row.title },
                  { key: 'importance', header: t('fields.importance'), cell: (row) => t(`importance.${row.importance}`) },
                  { key: 'state', header: t('fields.state'), cell: (row) => t(`state.${row.state}`) },
                  {
                    key: 'publishFrom',
                    header: t('fields.publishFrom'),
                    cell: (row) => formatDateTime(row.publishFrom) || t('immediately'),
                  },
                  {
                    key: 'publishUntil',
                    header: t('fields.publishUntil'),
                    cell: (row) => formatDateTime(row.publishUntil) || t('untilWithdrawn'),
                  },
                  {
                    key: 'actions',
                    header: t('actions.header'),
                    cell: (row) => {
                      if (row.state === 'WITHDRAWN') {
                        return formatDateTime(row.withdrawnAt);
                      }
                      if (confirming === row.noticeId) {
                        return (
                          <div className="row-actions" role="group" aria-label={t('actions.confirmWithdraw', { title: row.title })}>
                            <span>{t('actions.confirmWithdraw', { title: row.title })}</span>
                            <button type="button" autoFocus disabled={withdraw.isPending} onClick={() => withdraw.mutate(row)}>
                              {t('actions.withdrawConfirmed')}
                            </button>
                            <button type="button" className="secondary" onClick={() => setConfirming(null)}>
                              {t('form.cancel')}
                            </button>
                          </div>
                        );
                      }
                      return (
                        <div className="row-actions">
                          <button
                            type="button"
                            className="link-button"
                            aria-label={t('actions.editNamed', { title: row.title })}
                            onClick={() => open(row)}
                          >
                            {t('actions.edit')}
                          </button>
                          <button
                            type="button"
                            className="link-button"
                            aria-label={t('actions.withdrawNamed', { title: row.title })}
                            onClick={() => setConfirming(row.noticeId)}
                          >
                            {t('actions.withdraw')}
                          </button>
                        </div>
                      );
                    },
                  },
                ]}
              />
            )}
          </>
        )}
      </section>
    </Page>
  );
}
