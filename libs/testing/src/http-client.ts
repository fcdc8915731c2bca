/** What a browser keeps between requests: the session cookie and the CSRF token the login returned. */
export interface HttpReply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * A minimal browser for API tests: real HTTP to the gateway, the session
 * cookie kept like a browser keeps it, and X-CSRF-Token sent on changes.
 */
export class HttpClient {
  cookie: string | undefined;
  csrfToken: string | undefined;
  bearer: string | undefined;

  constructor(readonly baseUrl: string) {}

  static forToken(baseUrl: string, token: string): HttpClient {
    const client = new HttpClient(baseUrl);
    client.bearer = token;
    return client;
  }

  get<T = any>(path: string): Promise<HttpReply<T>> {
    return this.request<T>('GET', path);
  }

  post<T = any>(path: string, body?: unknown): Promise<HttpReply<T>> {
    return this.request<T>('POST', path, body ?? {});
  }

  patch<T = any>(path: string, body: unknown): Promise<HttpReply<T>> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T = any>(path: string): Promise<HttpReply<T>> {
    return this.request<T>('DELETE', path);
  }

  async login(loginId: string, password: string): Promise<HttpReply> {
    const reply = await this.post('/api/auth/login', { loginId, password });
    if (reply.status === 200) {
      this.csrfToken = reply.body.csrfToken;
    }
    return reply;
  }

  async request<T = any>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<HttpReply<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    if (this.cookie) {
      headers.cookie = this.cookie;
    }
    if (this.csrfToken && method !== 'GET' && !('x-csrf-token' in extraHeaders)) {
      headers['x-csrf-token'] = this.csrfToken;
    }
    if (this.bearer) {
      headers.authorization = `Bearer ${this.bearer}`;
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair = ''] = setCookie.split(';');
      const [name, value = ''] = pair.split('=');
      if (name?.includes('inkan_session')) {
        this.cookie = value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(setCookie) ? undefined : pair;
      }
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }
}
