import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TemplateView } from '@app/contracts';
import { api } from '../api/api-client';
import { useAnnounce } from '../shell/announcer';
import { Page } from '../shell/page';
import { ErrorMessage } from '../ui/error-message';
import { formatDate } from '../ui/format';
import { SearchedList } from '../ui/searched-list';

/** 契約文書登録 started from a template (W2's screen reads `?templateId=`). */
export const registerFromTemplatePath = (templateId: string): string => `/contracts/new?templateId=${encodeURIComponent(templateId)}`;

/**
 * テンプレート管理: the company's templates by name, searched and paged (in the
 * URL), each to use (契約文書登録 pre-filled), edit or delete (asked once more
 * in the row before it goes).
 */
export function TemplatesPage() {
  const { t } = useTranslation('templates');
  const location = useLocation();
  const saved = (location.state as { saved?: string } | null)?.saved;
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<string | null>(null);
  const client = useQueryClient();
  const announce = useAnnounce();
  const remove = useMutation({
    mutationFn: (template: TemplateView) => api<TemplateView>('DELETE', `/api/templates/${template.templateId}`),
    onSuccess: (template) => {
      setConfirming(null);
      setDeleted(template.name);
      announce(t('deleted', { name: template.name }));
      void client.invalidateQueries({ queryKey: ['templates'] });
    },
  });
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
      {remove.error && <ErrorMessage error={remove.error} />}
      <SearchedList<TemplateView>
        namespace="templates"
        domain="templates"
        path="/templates"
        apiPath="/api/templates"
        countTestId="templates-count"
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
    </Page>
  );
}
