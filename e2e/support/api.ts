/** A small client for the panel API over HTTP, for seeding and checks in end-to-end tests. */
export interface Envelope {
  success: boolean;
  status?: { code: number; description: string };
  [key: string]: any;
}

export class PanelApi {
  hash = '';

  constructor(readonly origin: string) {}

  async raw(path: string, params: Record<string, unknown> = {}, hash = this.hash): Promise<Envelope> {
    const response = await fetch(`${this.origin}/v2/panel/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(hash ? { ...params, hash } : params),
    });
    return (await response.json()) as Envelope;
  }

  async call(path: string, params: Record<string, unknown> = {}, hash = this.hash): Promise<Envelope> {
    const body = await this.raw(path, params, hash);
    if (!body.success) throw new Error(`${path} failed: ${JSON.stringify(body)}`);
    return body;
  }

  async login(login: string, password: string): Promise<string> {
    const body = await this.call('account/auth', { login, password }, '');
    this.hash = body.hash as string;
    return this.hash;
  }

  /** Whether the server offers a method: 111 (unknown resource) or 112 (unknown action) mean no. */
  async hasMethod(path: string): Promise<boolean> {
    const body = await this.raw(path, {});
    return body.success || (body.status?.code !== 111 && body.status?.code !== 112);
  }
}
