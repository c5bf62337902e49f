import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedBasics } from '../test-support/harness.js';
import { createUser, registerTracker } from '../test-support/api-assertions.js';
import { closeHttpTest, form, json, openHttpTest, send, type HttpTestContext } from '../test-support/http-client.js';

const ids = (body: Record<string, any>) => (body.list as { id: number }[]).map((x) => x.id);

/** Parameters as the admin UI sends them, over every transport, for tracker/list. */
describe('HTTP transports', () => {
  let ctx: HttpTestContext;
  let s: Awaited<ReturnType<typeof seedBasics>>;
  let hash: string;
  let cloneId: number;
  let second: number;
  beforeEach(async () => {
    ctx = await openHttpTest();
    hash = ctx.t.adminHash;
    s = await seedBasics(ctx.t);
    second = await registerTracker(ctx.t, s.userId, s.tariffId, { label: 'Zeta 2' });
    cloneId = (await ctx.t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: s.otherUserId, label: 'Clone A' })).id;
  });
  afterEach(async () => closeHttpTest(ctx));

  const expected = () => [second, s.trackerId, cloneId]; // order_by=label descending: Zeta 2, Truck 1, Clone A

  it('JSON body with typed values', async () => {
    const r = await send(`${ctx.base}tracker/list`, json({ hash, order_by: 'label', ascending: false, limit: 10, offset: 0 }));
    expect(r.status).toBe(200);
    expect(ids(r.body)).toEqual(expected());
    expect(r.body.count).toBe(3);
  });

  it('form body with booleans as true/false and numbers as digits', async () => {
    const r = await send(`${ctx.base}tracker/list`, form({ hash, order_by: 'label', ascending: 'false', limit: '10', offset: '0' }));
    expect(r.status).toBe(200);
    expect(ids(r.body)).toEqual(expected());
    const clones = await send(`${ctx.base}tracker/list`, form({ hash, clones_filter: 'include_clones_only', user_id: String(s.otherUserId) }));
    expect(ids(clones.body)).toEqual([cloneId]);
  });

  it('GET query string', async () => {
    const q = new URLSearchParams({ hash, order_by: 'label', ascending: 'false', limit: '10' });
    const r = await send(`${ctx.base}tracker/list?${q}`);
    expect(r.status).toBe(200);
    expect(ids(r.body)).toEqual(expected());
    const filtered = await send(`${ctx.base}tracker/list?hash=${hash}&filter=${encodeURIComponent('zeta 2')}&ascending=true`);
    expect(ids(filtered.body)).toEqual([second]);
  });

  it('a POST body wins over the query string for the same parameter', async () => {
    const r = await send(`${ctx.base}tracker/list?order_by=id&ascending=true`, form({ hash, order_by: 'label', ascending: 'false' }));
    expect(ids(r.body)).toEqual(expected());
  });

  it('serves /v2/panel/ and /panel/, with and without a trailing slash', async () => {
    for (const url of [
      `${ctx.api.url}/v2/panel/tracker/list`,
      `${ctx.api.url}/v2/panel/tracker/list/`,
      `${ctx.api.url}/panel/tracker/list`,
      `${ctx.api.url}/panel/tracker/list/`,
    ]) {
      const r = await send(url, json({ hash }));
      expect(r.status, url).toBe(200);
      expect(r.body.count, url).toBe(3);
      const g = await send(`${url}?hash=${hash}&limit=1`);
      expect(g.body, url).toMatchObject({ success: true, count: 3, list: [{ id: s.trackerId }] });
    }
    const nested = await send(`${ctx.api.url}/panel/tracker/settings/update/`, form({ hash, tracker_id: String(s.trackerId), label: 'Via panel' }));
    expect(nested.body).toEqual({ success: true });
  });

  it('finds the hash in the body, the query string and an Authorization: NVX header', async () => {
    expect((await send(`${ctx.base}tracker/list`, json({ hash }))).status).toBe(200);
    expect((await send(`${ctx.base}tracker/list`, form({ hash }))).status).toBe(200);
    expect((await send(`${ctx.base}tracker/list?hash=${hash}`, json({}))).status).toBe(200);
    expect((await send(`${ctx.base}tracker/list?hash=${hash}`)).status).toBe(200);
    expect((await send(`${ctx.base}tracker/list`, { headers: { authorization: `NVX ${hash}` } })).status).toBe(200);
    expect((await send(`${ctx.base}tracker/list`, json({}, { authorization: `NVX ${hash}` }))).status).toBe(200);
    const none = await send(`${ctx.base}tracker/list`, json({}));
    expect(none.body.status.code).toBe(3);
    const otherScheme = await send(`${ctx.base}tracker/list`, { headers: { authorization: `Bearer ${hash}` } });
    expect(otherScheme.body.status.code).toBe(3);
  });

  it('takes the hash from the body before the query string, and the query before the header', async () => {
    const unknown = '0123456789abcdef0123456789abcdef';
    expect((await send(`${ctx.base}tracker/list?hash=${unknown}`, json({ hash }))).status).toBe(200);
    expect((await send(`${ctx.base}tracker/list?hash=${hash}`, json({ hash: unknown }))).body.status.code).toBe(4);
    expect((await send(`${ctx.base}tracker/list?hash=${hash}`, form({ hash: unknown }))).body.status.code).toBe(4);
    expect((await send(`${ctx.base}tracker/list?hash=${unknown}`, { headers: { authorization: `NVX ${hash}` } })).body.status.code).toBe(4);
    expect((await send(`${ctx.base}tracker/list?hash=${hash}`, { headers: { authorization: `NVX ${unknown}` } })).status).toBe(200);
  });

  it('user/create with user={...} as a form value', async () => {
    const user = { login: 'form@example.com', legal_type: 'legal_entity', legal_name: 'Form GmbH', activated: true };
    const r = await send(`${ctx.base}user/create`, form({ hash, password: 'secret1', user: JSON.stringify(user), locale: 'en_US' }));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ success: true, id: expect.any(Number) });
    const read = await send(`${ctx.base}user/read?hash=${hash}&user_id=${r.body.id}`);
    expect(read.body.value).toMatchObject({ ...user, id: r.body.id });
  });

  it('tracker/batch_delete_clones with trackers=[1,2] as a form value', async () => {
    const other = await createUser(ctx.t);
    const clone2 = (await ctx.t.ok('tracker/clone', { tracker_id: s.trackerId, user_id: other, label: 'Clone B' })).id;
    const r = await send(`${ctx.base}tracker/batch_delete_clones`, form({ hash, trackers: `[${cloneId},${clone2}]` }));
    expect(r.body).toEqual({ success: true, deleted_count: 2, not_deleted_count: 0 });
    expect((await ctx.t.ok('tracker/list')).count).toBe(2);
    const spaced = await send(`${ctx.base}tracker/batch_delete_clones?hash=${hash}&trackers=${encodeURIComponent(`[${s.trackerId}, 9999]`)}`);
    expect(spaced.body).toMatchObject({ deleted_count: 0, not_deleted_count: 2 });
  });

  it('an empty form value is null (an optional phone), and form text keeps its characters', async () => {
    const r = await send(
      `${ctx.base}tracker/register`,
      form({
        hash,
        user_id: String(s.userId),
        label: 'Grüße & <ok?>'.replace(/[<>]/g, ''),
        model: 'telfmb920',
        device_id: '356307042441013',
        phone: '',
        tariff_id: String(s.tariffId),
      }),
    );
    expect(r.status).toBe(200);
    const value = (await ctx.t.ok('tracker/read', { tracker_id: r.body.id })).value;
    expect(value).toMatchObject({ label: 'Grüße & ok?', source: { phone: null } });
  });

  it('a text/plain or untyped POST body is never read as parameters (what a foreign page can send without a preflight)', async () => {
    for (const type of ['text/plain', '']) {
      // A byte body gets no default content type from fetch.
      const body = new TextEncoder().encode(`hash=${hash}&limit=1`);
      const r = await send(`${ctx.base}tracker/list`, { method: 'POST', headers: type ? { 'content-type': type } : {}, body });
      expect(r.status, type).toBe(400);
      expect(r.body, type).toMatchObject({ success: false, status: { code: 5 } });
      expect(r.body.status.description, type).toContain('application/json or application/x-www-form-urlencoded');
    }
  });
});
