import { expect } from 'vitest';
import { startHttpApi, type HttpApi } from '../http/server.js';
import { openTestBackend, type TestBackend } from './harness.js';

export interface HttpReply {
  status: number;
  body: Record<string, any>;
  text: string;
  headers: Headers;
}

/**
 * Sends one request and checks what every API answer must satisfy: a JSON content type, a JSON
 * object body, and no stack trace (no "    at " frame, no ".ts:" / ".js:" location).
 */
export async function send(url: string, init: RequestInit = {}): Promise<HttpReply> {
  const response = await fetch(url, init);
  const text = await response.text();
  expect(response.headers.get('content-type') ?? '').toMatch(/^application\/json\b/);
  expect(text).not.toMatch(/\n\s+at /);
  expect(text).not.toMatch(/\bat \S+ \(/);
  expect(text).not.toMatch(/\.(ts|js|mjs):\d+/);
  const body = JSON.parse(text) as Record<string, any>;
  expect(typeof body).toBe('object');
  expect(typeof body.success).toBe('boolean');
  return { status: response.status, body, text, headers: response.headers };
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export const form = (params: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(params).toString(),
});

export interface HttpTestContext {
  t: TestBackend;
  api: HttpApi;
  /** `http://127.0.0.1:<port>/v2/panel/` */
  base: string;
}

export async function openHttpTest(): Promise<HttpTestContext> {
  const t = await openTestBackend();
  const api = await startHttpApi(t.backend, '127.0.0.1', 0);
  return { t, api, base: `${api.url}/v2/panel/` };
}

export async function closeHttpTest(ctx: HttpTestContext): Promise<void> {
  await ctx.api.close();
  await ctx.t.close();
}
