import http from 'node:http';

/** A keep-alive JSON client for the local API: one agent, so requests reuse connections. */
export class ApiClient {
  readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  hash = '';

  constructor(readonly baseUrl: string) {}

  /** POSTs `params` (plus the session hash) as JSON; resolves with the parsed body. */
  call(path: string, params: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const body = JSON.stringify(this.hash ? { ...params, hash: this.hash } : params);
    const url = new URL(`/v2/panel/${path}`, this.baseUrl);
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>);
            } catch (error) {
              reject(error as Error);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Like call, but throws unless the API answered success. */
  async ok(path: string, params: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const body = await this.call(path, params);
    if (body.success !== true) throw new Error(`${path} failed: ${JSON.stringify(body).slice(0, 300)}`);
    return body;
  }

  close(): void {
    this.agent.destroy();
  }
}
