import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ManagedNoticeView } from '@app/contracts';
import { ErrorMessage } from '../ui/error-message';
import { Field } from '../ui/field';
import { isoFromJapanTime, japanTimeOf } from './notice-time';

/** What POST and PATCH /api/notices take (PATCH: the whole of it, null clearing a bound). */
export interface NoticeFields {
  title: string;
  body: string;
  importance: 'NORMAL' | 'IMPORTANT';
  publishFrom: string | null;
  publishUntil: string | null;
}

interface Draft {
  title: string;
  body: string;
  importance: 'NORMAL' | 'IMPORTANT';
  publishFrom: string;
  publishUntil: string;
}

const draftOf = (notice: ManagedNoticeView | null): Draft => ({
  title: notice?.title ?? '',
  body: notice?.body ?? '',
  importance: notice?.importance ?? 'NORMAL',
  publishFrom: japanTimeOf(notice?.publishFrom ?? null),
  publishUntil: japanTimeOf(notice?.publishUntil ?? null),
});

/**
 * A notice: title, body (plain text, line breaks kept), 重要, and when it is
 * shown (Japan time; empty: at once / until withdrawn). A missing title or
 * body, or an end not after the start, is said under its field.
 */
export function NoticeForm({
  notice,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  notice: ManagedNoticeView | null;
  pending: boolean;
  error: unknown;
  onSubmit: (fields: NoticeFields) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('notices');
  const [draft, setDraft] = useState<Draft>(draftOf(notice));
  const [checked, setChecked] = useState(false);
  const set = (field: keyof Draft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }));
  const from = isoFromJapanTime(draft.publishFrom);
  const until = isoFromJapanTime(draft.publishUntil);
  const problems = {
    title: draft.title.trim() === '' ? t('form.titleRequired') : null,
    body: draft.body.trim() === '' ? t('form.bodyRequired') : null,
    window: from && until && Date.parse(until) <= Date.parse(from) ? t('form.windowUpsideDown') : null,
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (problems.title || problems.body || problems.window) {
      return;
    }
    onSubmit({ title: draft.title.trim(), body: draft.body.trim(), importance: draft.importance, publishFrom: from, publishUntil: until });
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="notice-form-heading">
      <h2 id="notice-form-heading" tabIndex={-1}>
        {notice ? t('form.editHeading') : t('form.createHeading')}
      </h2>
      <ErrorMessage error={error} />
      <Field label={`${t('fields.title')}${t('common:required')}`} error={checked ? problems.title : null}>
        <input name="title" maxLength={100} value={draft.title} onChange={set('title')} />
      </Field>
      <Field label={`${t('fields.body')}${t('common:required')}`} hint={t('form.bodyHint')} error={checked ? problems.body : null}>
        <textarea name="body" rows={6} maxLength={4000} value={draft.body} onChange={set('body')} />
      </Field>
      <Field label={t('fields.importance')}>
        <select name="importance" value={draft.importance} onChange={set('importance')}>
          <option value="NORMAL">{t('importance.NORMAL')}</option>
          <option value="IMPORTANT">{t('importance.IMPORTANT')}</option>
        </select>
      </Field>
      <Field label={t('fields.publishFrom')} hint={t('form.fromHint')}>
        <input type="datetime-local" name="publishFrom" value={draft.publishFrom} onChange={set('publishFrom')} />
      </Field>
      <Field label={t('fields.publishUntil')} hint={t('form.untilHint')} error={checked ? problems.window : null}>
        <input type="datetime-local" name="publishUntil" value={draft.publishUntil} onChange={set('publishUntil')} />
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={pending}>
          {notice ? t('form.save') : t('form.create')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
      <div aria-live="polite">{pending && <p className="muted">{t('form.saving')}</p>}</div>
    </form>
  );
}
