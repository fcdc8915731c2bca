/** The platform does not answer at all (nothing listens, or the host is wrong). */
export class PlatformUnreachableError extends Error {
  constructor(
    readonly baseUrl: string,
    cause: unknown,
  ) {
    super(`no answer from ${baseUrl}: ${(cause as Error).cause ? String((cause as Error).cause) : String(cause)}`);
  }
}

/** The platform answered with an error: its code and its message in Japanese and English. */
export class ApiError extends Error {
  constructor(
    readonly request: string,
    readonly status: number,
    readonly code: string,
    readonly ja: string,
    readonly en: string,
  ) {
    super(`${request} → ${status} ${code}: ${ja} / ${en}`);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: { ja?: string; en?: string } };
}

/**
 * One person's browser session against the gateway: the session cookie kept
 * as a browser keeps it, X-CSRF-Token on every change, errors as ApiError.
 */
export class ApiSession {
  private cookie: string | undefined;
  private csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  async login(loginId: string, password: string): Promise<void> {
    const reply = await this.post<{ csrfToken: string }>('/api/auth/login', { loginId, password });
    this.csrfToken = reply.csrfToken;
  }

  async get<T>(path: string): Promise<T> {
    return (await this.json('GET', path)) as T;
  }

  async post<T>(path: string, body: unknown = {}): Promise<T> {
    return (await this.json('POST', path, body)) as T;
  }

  /** A binary or text download: the bytes and the reply's headers. */
  async download(path: string): Promise<{ bytes: Buffer; headers: Headers }> {
    const response = await this.send('GET', path);
    await this.failOnError('GET', path, response);
    return { bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
  }

  private async json(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await this.send(method, path, body);
    await this.failOnError(method, path, response);
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  }

  private async send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    if (this.cookie) {
      headers.cookie = this.cookie;
    }
    if (this.csrfToken && method !== 'GET') {
      headers['x-csrf-token'] = this.csrfToken;
    }
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new PlatformUnreachableError(this.baseUrl, error);
    }
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = ''] = setCookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (name.includes('inkan_session')) {
        this.cookie = value === '' ? undefined : pair;
      }
    }
    return response;
  }

  private async failOnError(method: string, path: string, response: Response): Promise<void> {
    if (response.ok) {
      return;
    }
    const text = await response.text();
    let body: ErrorBody = {};
    try {
      body = JSON.parse(text) as ErrorBody;
    } catch {
      // not JSON (e.g. a proxy's error page): keep the status alone
    }
    throw new ApiError(
      `${method} ${path}`,
      response.status,
      body.error?.code ?? `HTTP_${response.status}`,
      body.error?.message?.ja ?? text.slice(0, 200),
      body.error?.message?.en ?? text.slice(0, 200),
    );
  }
}
