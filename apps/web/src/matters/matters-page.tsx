import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MatterView } from '@app/contracts';
import { api } from '../api/api-client';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { formatDate } from '../ui/format';
import { SearchedList } from '../ui/searched-list';
import { MatterDraft, MatterForm } from './matter-form';

/** 案件 (案件管理 option): the company's matters by name, searched and paged in the URL; each opens its page. */
export function MattersPage() {
  const { t } = useTranslation('matters');
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  return (
    <Page title={t('title')}>
      <div className="actions">
        <Link className="button" to="/matters/new">
          {t('createTitle')}
        </Link>
      </div>
      <div>{notice && <p className="notice">{notice}</p>}</div>
      <SearchedList<MatterView>
        namespace="matters"
        domain="matters"
        path="/matters"
        apiPath="/api/matters"
        countTestId="matters-count"
        rowKey={(row) => row.matterId}
        columns={[
          { key: 'name', header: t('fields.name'), cell: (row) => <Link to={`/matters/${row.matterId}`}>{row.name}</Link> },
          { key: 'code', header: t('fields.code'), cell: (row) => row.code ?? '' },
          {
            key: 'description',
            header: t('fields.description'),
            cell: (row) => <span className="preserve-lines">{row.description}</span>,
          },
          { key: 'updatedAt', header: t('fields.updatedAt'), cell: (row) => formatDate(row.updatedAt) },
        ]}
      />
    </Page>
  );
}

/** 案件登録 (`/matters/new`): saved, then its own page. */
export function MatterCreatePage() {
  const { t } = useTranslation('matters');
  const navigate = useNavigate();
  const client = useQueryClient();
  const announce = useAnnounce();
  const create = useMutation({
    mutationFn: (draft: MatterDraft) =>
      api<MatterView>('POST', '/api/matters', {
        name: draft.name,
        description: draft.description,
        ...(draft.code ? { code: draft.code } : {}),
      }),
    onSuccess: (matter) => {
      void client.invalidateQueries({ queryKey: ['matters'] });
      announce(t('saved', { name: matter.name }));
      void navigate(`/matters/${matter.matterId}`, { state: { notice: t('saved', { name: matter.name }) } });
    },
  });
  return (
    <Page title={t('createTitle')}>
      <MatterForm
        initial={{ name: '', code: '', description: '' }}
        pending={create.isPending}
        error={create.error}
        submitLabel={t('form.create')}
        onSubmit={(draft) => create.mutate(draft)}
        onCancel={() => void navigate('/matters')}
      />
    </Page>
  );
}
