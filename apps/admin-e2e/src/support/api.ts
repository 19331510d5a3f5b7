/** Direct HTTP calls, to set up and to check what the browser did (e.g. that nothing was written). */
export class ApiSession {
  private constructor(
    private readonly baseUrl: string,
    readonly token: string,
  ) {}

  static async login(baseUrl: string, username: string, password: string): Promise<ApiSession> {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { accessToken: string };
    return new ApiSession(baseUrl, body.accessToken);
  }

  async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api${path}`, { headers: { Authorization: `Bearer ${this.token}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async post<T>(path: string, body: object): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async put<T>(path: string, body: object): Promise<T> {
    const res = await fetch(`${this.baseUrl}/api${path}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async status(path: string): Promise<number> {
    return (await fetch(`${this.baseUrl}/api${path}`, { headers: { Authorization: `Bearer ${this.token}` } })).status;
  }
}

export async function setClock(baseUrl: string, now: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/test/clock`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ now }),
  });
  if (!res.ok) throw new Error(`clock: ${res.status}`);
}
