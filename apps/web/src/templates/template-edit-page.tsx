import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TemplateFields, TemplateView } from '@app/contracts';
import { api } from '../api/api-client';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';
import { draftOf, EMPTY_TEMPLATE } from './template-fields';
import { TemplateForm } from './template-form';

const LIST = '/templates';

/** After a save: back to テンプレート管理, which says so. */
function useSaved() {
  const { t } = useTranslation('templates');
  const client = useQueryClient();
  const navigate = useNavigate();
  const announce = useAnnounce();
  return (template: TemplateView) => {
    void client.invalidateQueries({ queryKey: ['templates'] });
    announce(t('saved', { name: template.name }));
    void navigate(LIST, { state: { saved: template.name } });
  };
}

/** テンプレート登録 (`/templates/new`). */
export function TemplateCreatePage() {
  const { t } = useTranslation('templates');
  const navigate = useNavigate();
  const saved = useSaved();
  const create = useMutation({
    mutationFn: (fields: TemplateFields) => api<TemplateView>('POST', '/api/templates', fields),
    onSuccess: saved,
  });
  return (
    <Page title={t('createTitle')}>
      <TemplateForm
        initial={EMPTY_TEMPLATE}
        pending={create.isPending}
        error={create.error}
        submitLabel={t('form.create')}
        onSubmit={(fields) => create.mutate(fields)}
        onCancel={() => void navigate(LIST)}
      />
    </Page>
  );
}

/** テンプレート編集 (`/templates/<id>`): the whole template is replaced by what the form holds. */
export function TemplateEditPage() {
  const { t } = useTranslation('templates');
  const { templateId = '' } = useParams();
  const navigate = useNavigate();
  const saved = useSaved();
  const template = useQuery({
    queryKey: ['templates', 'one', templateId],
    queryFn: () => api<TemplateView>('GET', `/api/templates/${encodeURIComponent(templateId)}`),
  });
  const replace = useMutation({
    mutationFn: (fields: TemplateFields) => api<TemplateView>('PUT', `/api/templates/${encodeURIComponent(templateId)}`, fields),
    onSuccess: saved,
  });
  return (
    <Page title={t('editTitle')}>
      {template.isPending && <p className="muted">{t('common:loading')}</p>}
      {template.error && <ErrorMessage error={template.error} />}
      {template.data && (
        <TemplateForm
          initial={draftOf(template.data)}
          pending={replace.isPending}
          error={replace.error}
          submitLabel={t('form.save')}
          onSubmit={(fields) => replace.mutate(fields)}
          onCancel={() => void navigate(LIST)}
        />
      )}
    </Page>
  );
}
