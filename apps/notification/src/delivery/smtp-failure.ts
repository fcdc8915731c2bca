/** How one failed send should be treated. */
export interface SmtpFailure {
  /** True when sending the same mail again would be refused again. */
  permanent: boolean;
  /** The server's reply, or what went wrong before there was one; kept in the delivery log. */
  response: string;
}

interface NodemailerError {
  responseCode?: number;
  response?: string;
  code?: string;
  message?: string;
}

/**
 * RFC 5321: a 5yz reply is a permanent refusal, a 4yz reply a transient one.
 * 503 (bad sequence of commands) is about the session, not the mail, so it is
 * worth another try on a new connection. Anything without a reply (refused or
 * dropped connection, timeout, DNS, TLS, a full disk for .eml files) is
 * transient: the next attempt may well succeed.
 */
export function classifySmtpFailure(error: unknown): SmtpFailure {
  const failure = (error ?? {}) as NodemailerError;
  const response = (failure.response ?? [failure.code, failure.message].filter(Boolean).join(' ')) || 'unknown error';
  const code = failure.responseCode;
  return { permanent: typeof code === 'number' && code >= 500 && code < 600 && code !== 503, response: response.slice(0, 500) };
}
