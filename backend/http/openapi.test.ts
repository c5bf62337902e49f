import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeHttpTest, openHttpTest, type HttpTestContext } from '../test-support/http-client.js';

describe('GET /v2/panel/openapi.json', () => {
  let ctx: HttpTestContext;
  beforeAll(async () => {
    ctx = await openHttpTest();
  });
  afterAll(async () => closeHttpTest(ctx));

  it('serves the generated OpenAPI 3.1 document without a session, under both prefixes', async () => {
    for (const url of [`${ctx.base}openapi.json`, ctx.base.replace('/v2/panel/', '/panel/') + 'openapi.json']) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json\b/);
      const document = (await response.json()) as Record<string, any>;
      expect(document.openapi).toBe('3.1.0');
      expect(Object.keys(document.paths)).toContain('/audit/log/list');
    }
  });

  it('is not a method: a POST is dispatched as usual and answers 111', async () => {
    const response = await fetch(`${ctx.base}openapi.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(((await response.json()) as Record<string, any>).status.code).toBe(111);
  });
});
