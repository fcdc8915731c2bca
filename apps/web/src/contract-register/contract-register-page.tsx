import { FormEvent, useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MatterView, TemplateView } from '@app/contracts';
import { api, ApiError, asApiError } from '../api/api-client';
import { useSignedIn } from '../auth/session';
import { contractPath } from '../contracts/contract-link';
import { RouteEditor } from '../contracts/route-editor';
import { Page } from '../shell/page';
import { useAnnounce } from '../shell/announcer';
import { ErrorMessage } from '../ui/error-message';
import { ContractFields } from './contract-fields';
import { megabytes, PdfPicker } from './pdf-picker';
import { EMPTY_REGISTRATION, fromTemplate, RegistrationDraft, registrationFields } from './registration-form';
import { newIdempotencyKey, PDF_LIMIT_BYTES, uploadContract } from './upload-contract';

/** Whether the file starts as a PDF does (`%PDF-`): a wrong file is refused before its bytes travel. */
async function looksLikePdf(file: File): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 5).arrayBuffer());
  return String.fromCharCode(...head) === '%PDF-';
}

/**
 * 契約文書登録 (登録担当者): the PDF, the contract information, the receiving
 * company and its 受取担当者, the own route, optionally from a template and
 * under a 案件. 登録 uploads it (progress shown and announced) and opens its
 * 契約文書情報, where 送信 starts the route. One Idempotency-Key per
 * submission: pressing 登録 again after a cut connection cannot register it twice.
 */
export function ContractRegisterPage() {
  const { t } = useTranslation('contract-register');
  const { company } = useSignedIn();
  const navigate = useNavigate();
  const client = useQueryClient();
  const announce = useAnnounce();
  const withMatter = company?.options.includes('MATTER') ?? false;
  const templates = useQuery({
    queryKey: ['templates', 'all'],
    queryFn: () => api<{ items: TemplateView[] }>('GET', '/api/templates?pageSize=200'),
  });
  const matters = useQuery({
    queryKey: ['matters', 'all'],
    queryFn: () => api<{ items: MatterView[] }>('GET', '/api/matters?pageSize=200'),
    enabled: withMatter,
  });
  const [draft, setDraftState] = useState<RegistrationDraft>(EMPTY_REGISTRATION);
  const [file, setFileState] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  // Kept while the same submission is retried after a cut connection; a changed form is a new submission.
  const [idempotencyKey, setIdempotencyKey] = useState<string | null>(null);
  const setDraft = (next: RegistrationDraft) => {
    setDraftState(next);
    setIdempotencyKey(null);
  };
  const setFile = (next: File | null) => {
    setFileState(next);
    setIdempotencyKey(null);
    setFileError(
      next && next.size > PDF_LIMIT_BYTES
        ? t('pdf.tooLarge', { size: megabytes(next.size, 'up'), limit: megabytes(PDF_LIMIT_BYTES) })
        : null,
    );
  };
  // テンプレート管理's 使用 opens this screen with ?templateId=: the template fills the form once, when the list is in.
  const [searchParams] = useSearchParams();
  const templateFromUrl = searchParams.get('templateId');
  const [urlTemplateApplied, setUrlTemplateApplied] = useState(false);
  useEffect(() => {
    if (urlTemplateApplied || !templateFromUrl || !templates.data) {
      return;
    }
    setUrlTemplateApplied(true);
    const template = templates.data.items.find((item) => item.templateId === templateFromUrl);
    if (template) {
      setDraftState((current) => fromTemplate(current, template));
    }
  }, [urlTemplateApplied, templateFromUrl, templates.data]);
  const chooseTemplate = (templateId: string) => {
    const template = templates.data?.items.find((item) => item.templateId === templateId);
    setDraft(template ? fromTemplate(draft, template) : { ...draft, templateId: '' });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!file) {
      setFileError(t('pdf.missing'));
      return;
    }
    if (file.size > PDF_LIMIT_BYTES) {
      return;
    }
    if (!(await looksLikePdf(file))) {
      setFileError(t('pdf.notPdf'));
      return;
    }
    const checked = registrationFields(draft);
    setProblem(checked.problem ?? null);
    if (!checked.fields) {
      return;
    }
    const key = idempotencyKey ?? newIdempotencyKey();
    setIdempotencyKey(key);
    setProgress({ sent: 0, total: file.size });
    announce(t('uploading'));
    let lastTenth = 0;
    try {
      const contract = await uploadContract(checked.fields, file, key, (sent, total) => {
        setProgress({ sent, total });
        const tenth = Math.floor((sent / total) * 10);
        if (tenth > lastTenth && tenth < 10) {
          lastTenth = tenth;
          announce(t('progress', { percent: tenth * 10 }));
        }
      });
      announce(t('done', { documentNumber: contract.documentNumber }));
      await client.invalidateQueries({ queryKey: ['contracts'] });
      void navigate(contractPath(contract.contractId, '/'));
    } catch (failure) {
      const refusal = asApiError(failure);
      setError(refusal);
      // A refusal of this content stays refused: a corrected form gets a new key; a cut connection retries with this one.
      if (refusal.code !== 'NETWORK_ERROR') {
        setIdempotencyKey(null);
      }
      setProgress(null);
    }
  };

  const pending = progress !== null;
  const percent = progress && progress.total > 0 ? Math.floor((progress.sent / progress.total) * 100) : 0;
  return (
    <Page title={t('title')}>
      <p>{t('lead')}</p>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate aria-label={t('title')}>
        <ErrorMessage error={error} />
        {(templates.data?.items.length ?? 0) > 0 && (
          <div className="field">
            <label htmlFor="register-template">{t('template')}</label>
            <select id="register-template" value={draft.templateId} onChange={(event) => chooseTemplate(event.target.value)}>
              <option value="">{t('noTemplate')}</option>
              {templates.data?.items.map((template) => (
                <option key={template.templateId} value={template.templateId}>
                  {template.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <PdfPicker file={file} error={fileError} onFile={setFile} />
        <ContractFields
          draft={draft}
          onChange={setDraft}
          matters={withMatter ? (matters.data?.items ?? []) : null}
          amountError={problem === 'contract-register:amountInvalid' ? t(problem) : null}
        />
        <RouteEditor
          legend={t('route')}
          value={draft.route}
          onChange={(route) => setDraft({ ...draft, route })}
          problem={problem?.startsWith('contracts:route') ? problem : null}
        />
        {progress && (
          <div className="field" data-testid="upload-progress">
            <label htmlFor="register-progress">{t('progressLabel')}</label>
            <progress id="register-progress" max={100} value={percent} />
            <span>{t('progressText', { percent, sent: megabytes(progress.sent), total: megabytes(progress.total) })}</span>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" disabled={pending}>
            {t('register')}
          </button>
          <button type="button" className="secondary" onClick={() => void navigate('/')}>
            {t('common:back')}
          </button>
        </div>
      </form>
    </Page>
  );
}
