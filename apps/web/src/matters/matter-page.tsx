import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MatterView } from '@app/contracts';
import { api } from '../api/api-client';
import type { ContractPage, ContractView } from '../api/api-types';
import { ContractLink } from '../contracts/contract-link';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorMessage } from '../ui/error-message';
import { pageCountOf, PageRange, pageParam, Pager } from '../ui/pager';
import { MatterDraft, MatterForm } from './matter-form';

const PAGE_SIZE = 20;

/** The documents of the company linked to the matter (at registration or receipt), any status, paged in the URL. */
function MatterDocuments({ matterId }: { matterId: string }) {
  const { t } = useTranslation('matters');
  const [params, setParams] = useSearchParams();
  const page = pageParam(params);
  const here = `/matters/${matterId}${page > 1 ? `?page=${page}` : ''}`;
  const documents = useQuery({
    queryKey: ['matters', 'contracts', matterId, page],
    queryFn: () => api<ContractPage>('GET', `/api/matters/${matterId}/contracts?page=${page}&pageSize=${PAGE_SIZE}`),
    placeholderData: keepPreviousData,
  });
  const data = documents.data;
  return (
    <section aria-labelledby="matter-documents-heading">
      <h2 id="matter-documents-heading">{t('documents')}</h2>
      {documents.error && <ErrorMessage error={documents.error} />}
      {data && (
        <>
          <div className="table-tools">
            <PageRange testId="matter-documents-count" total={data.total} from={data.from} to={data.to} />
            <Pager
              label={t('documentsName')}
              page={page}
              pageCount={pageCountOf(data.total, data.pageSize)}
              onPage={(next) => setParams(next > 1 ? { page: String(next) } : {})}
            />
          </div>
          {data.total === 0 ? (
            <EmptyState />
          ) : (
            <DataTable<ContractView>
              label={t('documentsName')}
              rows={data.items}
              rowKey={(row) => row.contractId}
              columns={[
                {
                  key: 'documentNumber',
                  header: t('top:columns.documentNumber'),
                  cell: (row) => (
                    <ContractLink contractId={row.contractId} from={here}>
                      {row.documentNumber}
                    </ContractLink>
                  ),
                },
                { key: 'name', header: t('top:columns.name'), cell: (row) => row.name },
                { key: 'counterpartyName', header: t('top:columns.counterpartyName'), cell: (row) => row.counterparty.companyName },
                { key: 'status', header: t('top:columns.status'), cell: (row) => t(`common:status.${row.status}`) },
              ]}
            />
          )}
        </>
      )}
    </section>
  );
}

/** 案件情報 (`/matters/<id>`): edit the matter, see its documents, delete it while no document is linked. */
export function MatterPage() {
  const { t } = useTranslation('matters');
  const { matterId = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const client = useQueryClient();
  const announce = useAnnounce();
  const [notice, setNotice] = useState<string | undefined>((location.state as { notice?: string } | null)?.notice);
  const [confirming, setConfirming] = useState(false);
  const path = `/api/matters/${encodeURIComponent(matterId)}`;
  const matter = useQuery({ queryKey: ['matters', 'one', matterId], queryFn: () => api<MatterView>('GET', path) });
  const update = useMutation({
    mutationFn: (draft: MatterDraft) =>
      api<MatterView>('PATCH', path, { name: draft.name, code: draft.code === '' ? null : draft.code, description: draft.description }),
    onSuccess: (saved) => {
      client.setQueryData(['matters', 'one', matterId], saved);
      void client.invalidateQueries({ queryKey: ['matters', 'list'] });
      setNotice(t('saved', { name: saved.name }));
      announce(t('saved', { name: saved.name }));
    },
  });
  const remove = useMutation({
    mutationFn: () => api<MatterView>('DELETE', path),
    onSuccess: (removed) => {
      // Not removed from the cache here: this screen still watches it and would ask for the deleted matter again.
      void client.invalidateQueries({ queryKey: ['matters', 'list'] });
      announce(t('deleted', { name: removed.name }));
      void navigate('/matters', { state: { notice: t('deleted', { name: removed.name }) } });
    },
  });
  return (
    <Page title={t('matterTitle')}>
      <div>{notice && <p className="notice">{notice}</p>}</div>
      {matter.isPending && <p className="muted">{t('common:loading')}</p>}
      {matter.error && <ErrorMessage error={matter.error} />}
      {matter.data && (
        <>
          <MatterForm
            key={matter.data.updatedAt}
            initial={{ name: matter.data.name, code: matter.data.code ?? '', description: matter.data.description }}
            pending={update.isPending}
            error={update.error}
            submitLabel={t('form.save')}
            onSubmit={(draft) => update.mutate(draft)}
            onCancel={() => void navigate('/matters')}
          />
          <MatterDocuments matterId={matterId} />
          <section aria-labelledby="matter-delete-heading">
            <h2 id="matter-delete-heading">{t('deleteHeading')}</h2>
            <p className="muted">{t('deleteLead')}</p>
            {remove.error && <ErrorMessage error={remove.error} />}
            {confirming ? (
              <div className="actions" role="group" aria-label={t('confirmDelete', { name: matter.data.name })}>
                <span>{t('confirmDelete', { name: matter.data.name })}</span>
                <button type="button" autoFocus disabled={remove.isPending} onClick={() => remove.mutate()}>
                  {t('deleteConfirmed')}
                </button>
                <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                  {t('cancel')}
                </button>
              </div>
            ) : (
              <div className="actions">
                <button type="button" className="secondary" onClick={() => setConfirming(true)}>
                  {t('delete')}
                </button>
              </div>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
