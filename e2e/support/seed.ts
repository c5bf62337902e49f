import { withCheckDigit } from '../../shared/imei.js';
import { PanelApi } from './api.js';

export const ADMIN_PASSWORD = 'e2e-admin-password';
export const STAFF_LOGIN = 'operator';
export const STAFF_PASSWORD = 'operator-password';

export interface SeedInfo {
  origin: string;
  users: { id: number; name: string }[];
  tariffs: { id: number; name: string }[];
  trackerCount: number;
  /** A valid 15-digit IMEI stem for tests that register more devices. */
  firstDeviceId: string;
}

/** A 15-digit IMEI with a valid Luhn check digit, from a 14-digit body. */
export const imeiFrom = withCheckDigit;

const firstNames = ['Ann', 'Boris', 'Carla', 'Dmitri', 'Elena'];
const lastNames = ['Baker', 'Ivanova', 'Moreno', 'Petrov', 'Smith'];
const kinds = ['Truck', 'Van', 'Car', 'Bus', 'Tractor', 'Trailer'];

/**
 * Seeds a fresh data folder through the HTTP API: two tracker plans, users, `trackers` trackers
 * spread over the users and models, a few clones and a staff login without `trackers: delete`.
 */
export async function seed(origin: string, adminPassword = ADMIN_PASSWORD, trackers = 60, userCount = 4): Promise<SeedInfo> {
  const api = new PanelApi(origin);
  await api.login('admin', adminPassword);
  const tariffs = [
    { name: 'Basic', type: 'monthly', price: 10, device_limit: 1000 },
    { name: 'Premium', type: 'monthly', price: 25.5, device_limit: 1000 },
  ];
  const tariffIds: { id: number; name: string }[] = [];
  for (const t of tariffs) tariffIds.push({ id: (await api.call('tariff/create', { tariff: t })).id as number, name: t.name });

  const users: { id: number; name: string }[] = [];
  for (let i = 0; i < userCount; i++) {
    const first = firstNames[i % firstNames.length]!;
    const last = lastNames[i % lastNames.length]!;
    const body = await api.call('user/create', {
      user: {
        login: `${first.toLowerCase()}.${last.toLowerCase()}${i}@example.com`,
        legal_type: 'individual',
        first_name: first,
        last_name: last,
        default_tariff_id: tariffIds[0]!.id,
      },
      password: 'secret1',
    });
    users.push({ id: body.id as number, name: `${first} ${last}` });
  }

  const models = ((await api.call('tracker/list_models')).list as { code: string; has_gsm: boolean }[]).filter((m) => m.has_gsm);
  const ids: number[] = [];
  for (let i = 0; i < trackers; i++) {
    const user = users[i % users.length]!;
    const body = await api.call('tracker/register', {
      user_id: user.id,
      label: `${kinds[i % kinds.length]} ${String(i + 1).padStart(3, '0')}`,
      model: models[i % models.length]!.code,
      device_id: imeiFrom(`35630704${String(100000 + i)}`),
      phone: `4915${String(1000000 + i).padStart(8, '0')}`,
      tariff_id: tariffIds[i % 2]!.id,
    });
    ids.push(body.id as number);
  }
  // Clones of the first three trackers for the last user.
  for (const id of ids.slice(0, 3)) {
    await api.call('tracker/clone', { tracker_id: id, user_id: users[users.length - 1]!.id, label: `Clone of #${id}` });
  }
  await api.call('staff/create', {
    login: STAFF_LOGIN,
    password: STAFF_PASSWORD,
    permissions: { trackers: ['create', 'read', 'update'], users: ['read'], tariffs: ['read'] },
  });
  return { origin, users, tariffs: tariffIds, trackerCount: trackers + 3, firstDeviceId: imeiFrom('35630704100000') };
}
