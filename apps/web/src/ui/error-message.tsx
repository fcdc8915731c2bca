import { useTranslation } from 'react-i18next';
import { ApiError, asApiError, ErrorDetail } from '../api/api-client';

/** What a person reads for an API error: the message in their language, each offending field by its name. */
export function useErrorText(): {
  message: (error: ApiError) => string;
  detail: (detail: ErrorDetail) => string;
} {
  const { t, i18n } = useTranslation('fields');
  const english = i18n.language === 'en';
  return {
    message: (error) => (english ? error.en : error.ja),
    detail: (detail) => {
      const field = detail.path.split('.')[0];
      const name = t(field, { defaultValue: detail.path });
      const text = english ? detail.message : (detail.messageJa ?? detail.message);
      return `${name}: ${text}`;
    },
  };
}

/**
 * An API error as sentences: the message in the user's language, each
 * offending field by its translated name, the error code small (for support).
 */
export function ErrorMessage({ error: thrown }: { error: unknown }) {
  const { t } = useTranslation();
  const text = useErrorText();
  if (!thrown) {
    return null;
  }
  const error = asApiError(thrown);
  return (
    <div className="error-box" role="alert" data-error-code={error.code}>
      <p>
        {text.message(error)} <small className="error-code">{t('errorCode', { code: error.code })}</small>
      </p>
      {error.details.length > 0 && (
        <ul>
          {error.details.map((detail) => (
            <li key={`${detail.path}:${detail.message}`}>{text.detail(detail)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A refusal decided in the browser, shown like the API's own (same box, same code attribute). */
export function localError(code: string, ja: string, en: string): ApiError {
  return new ApiError(code, 0, ja, en);
}
