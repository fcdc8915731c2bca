import { ApiError } from './api-client';

/** The API's Japanese message, its code, and each offending field of a 400. */
export function ErrorMessage({ error }: { error: ApiError | null | undefined }) {
  if (!error) {
    return null;
  }
  return (
    <div className="error-box" role="alert" data-error-code={error.code}>
      <p>
        {error.ja} <span className="error-code">（{error.code}）</span>
      </p>
      {error.details.length > 0 && (
        <ul>
          {error.details.map((detail) => (
            <li key={`${detail.path}:${detail.message}`}>
              {detail.path}: {detail.messageJa ?? detail.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
