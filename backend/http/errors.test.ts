import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seedBasics } from '../test-support/harness.js';
import { createStaff } from '../test-support/api-assertions.js';
import { closeHttpTest, form, json, openHttpTest, send, type HttpTestContext } from '../test-support/http-client.js';

const MiB = 1024 * 1024;

describe('HTTP errors and envelopes', () => {
  let ctx: HttpTestContext;
  let hash: string;
  beforeEach(async () => {
    ctx = await openHttpTest();
    hash = ctx.t.adminHash;
  });
  afterEach(async () => closeHttpTest(ctx));

  const envelope = (code: number, description: string) => ({ success: false, status: { code, description } });

  it('unknown resource → 111, unknown action → 112, both HTTP 400', async () => {
    for (const path of ['nosuch/list', 'trackers/list', 'nosuch/deeper/list', '']) {
      const r = await send(`${ctx.base}${path}`, json({ hash }));
      expect(r.status, path).toBe(400);
      expect(r.body, path).toEqual(envelope(111, 'Wrong handler'));
    }
    for (const path of ['tracker/nosuch', 'tracker/settings/nosuch', 'user/delete', 'account/nosuch']) {
      const r = await send(`${ctx.base}${path}`, json({ hash }));
      expect(r.status, path).toBe(400);
      expect(r.body, path).toEqual(envelope(112, 'Wrong method'));
    }
    // Also without a session: routing comes first.
    expect((await send(`${ctx.base}tracker/nosuch`)).body.status.code).toBe(112);
  });

  it('paths outside /v2/panel/ and /panel/ answer 111 in JSON', async () => {
    for (const path of ['/foo', '/panelx/tracker/list', '/v2/tracker/list']) {
      const r = await send(`${ctx.api.url}${path}`);
      expect(r.status, path).toBe(400);
      expect(r.body.status.code, path).toBe(111);
    }
  });

  it('malformed JSON → 5 (HTTP 400), and so is a JSON body that is not an object', async () => {
    for (const body of ['{"hash":', '{hash: 1}', '[1,2]', '"text"', 'null']) {
      const r = await send(`${ctx.base}tracker/list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(r.status, body).toBe(400);
      expect(r.body, body).toEqual(envelope(5, 'Wrong request format'));
    }
  });

  it('an unsupported content type or HTTP method → 5', async () => {
    const xml = await send(`${ctx.base}tracker/list`, { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' });
    expect(xml.status).toBe(400);
    expect(xml.body.status.code).toBe(5);
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const r = await send(`${ctx.base}tracker/list?hash=${hash}`, { method });
      expect(r.status, method).toBe(400);
      expect(r.body.status.code, method).toBe(5);
    }
  });

  it('a body over 4 MiB → 9 (HTTP 412), declared or streamed; 4 MiB itself is read', async () => {
    const big = `{"hash":"${hash}","filter":"${'x'.repeat(4 * MiB)}"}`;
    const declared = await send(`${ctx.base}tracker/list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(declared.status).toBe(412);
    expect(declared.body).toEqual(envelope(9, 'Too large request'));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(MiB).fill(0x20));
        controller.close();
      },
    });
    const streamed = await send(`${ctx.base}tracker/list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(412);
    expect(streamed.body.status.code).toBe(9);
    // Exactly 4 MiB is not too large: it is read and then judged on its parameters (filter too long → 7).
    const prefix = `{"hash":"${hash}","filter":"`;
    const exact = `${prefix}${'x'.repeat(4 * MiB - prefix.length - 2)}"}`;
    expect(Buffer.byteLength(exact)).toBe(4 * MiB);
    const ok = await send(`${ctx.base}tracker/list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: exact });
    expect(ok.status).toBe(400);
    expect(ok.body).toMatchObject({ status: { code: 7 }, errors: [{ parameter: 'filter' }] });
    // The server still answers afterwards.
    expect((await send(`${ctx.base}tracker/list?hash=${hash}`)).status).toBe(200);
  });

  it('answers the HTTP status of the error table: 3/4/7/253 → 400, 13/219/249 → 403, 247 → 409, 15 → 429', async () => {
    const s = await seedBasics(ctx.t);
    expect((await send(`${ctx.base}tracker/list?hash=bad`)).status).toBe(400);
    expect((await send(`${ctx.base}tracker/list?hash=0123456789abcdef0123456789abcdef`)).status).toBe(400);
    const invalid = await send(`${ctx.base}tracker/read`, form({ hash, tracker_id: 'abc' }));
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ ...envelope(7, 'Invalid parameters'), errors: [{ parameter: 'tracker_id', error: expect.any(String) }] });

    const staff = await createStaff(ctx.t, { trackers: ['read'] });
    const refused = await send(`${ctx.base}tracker/corrupt`, form({ hash: staff.hash, tracker_id: String(s.trackerId) }));
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual(envelope(13, 'Operation not permitted'));

    const clone = await send(`${ctx.base}tracker/clone`, json({ hash, tracker_id: s.trackerId, user_id: s.otherUserId, label: 'C' }));
    expect(clone.status).toBe(200);
    const again = await send(`${ctx.base}tracker/clone`, json({ hash, tracker_id: s.trackerId, user_id: s.otherUserId, label: 'C' }));
    expect(again.status).toBe(409);
    expect(again.body).toEqual(envelope(247, 'Entity already exists'));
    const ofClone = await send(`${ctx.base}tracker/move`, json({ hash, tracker_id: clone.body.id, user_id: s.userId }));
    expect([ofClone.status, ofClone.body.status.code]).toEqual([403, 219]);
    const notClone = await send(`${ctx.base}tracker/delete_clone`, json({ hash, tracker_id: s.trackerId }));
    expect([notClone.status, notClone.body.status.code]).toEqual([403, 249]);
    const hasClones = await send(`${ctx.base}tracker/corrupt`, json({ hash, tracker_id: s.trackerId, corrupt_clones: false }));
    expect(hasClones.status).toBe(400);
    expect(hasClones.body).toEqual({ ...envelope(253, 'Device has clones'), list: [clone.body.id] });

    for (let i = 0; i < 5; i++) await send(`${ctx.base}account/auth`, form({ login: 'admin', password: 'wrong' }));
    const throttled = await send(`${ctx.base}account/auth`, form({ login: 'admin', password: 'wrong' }));
    expect(throttled.status).toBe(429);
    expect(throttled.body).toEqual(envelope(15, 'Too many requests (rate limit exceeded)'));
  });

  it('an internal failure answers code 6 (HTTP 500) without the message or stack, and logs it', async () => {
    const logged: string[] = [];
    vi.spyOn(ctx.t.backend.log, 'error').mockImplementation((line: string) => void logged.push(line));
    vi.spyOn(ctx.t.backend.users, 'list').mockImplementation(() => {
      throw new Error('secret-internal-detail');
    });
    const r = await send(`${ctx.base}user/list?hash=${hash}`);
    expect(r.status).toBe(500);
    expect(r.body).toEqual(envelope(6, 'Unexpected error'));
    expect(r.text).not.toContain('secret-internal-detail');
    expect(r.text).not.toMatch(/\n\s+at |\.ts:\d+/);
    expect(logged.join('\n')).toContain('secret-internal-detail');
    vi.restoreAllMocks();
  });

  it('http/server.ts:91 — a malformed percent-escape in the path is a client error, not 6/HTTP 500', async () => {
    vi.spyOn(ctx.t.backend.log, 'error').mockImplementation(() => {});
    const r = await send(`${ctx.base}tracker/%E0%A4%A?hash=${hash}`);
    vi.restoreAllMocks();
    expect(r.status).toBe(400);
  });

  it('every answer above is JSON without a stack trace (checked by send); success too', async () => {
    const r = await send(`${ctx.base}account/get_permissions?hash=${hash}`);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.body.success).toBe(true);
  });
});
