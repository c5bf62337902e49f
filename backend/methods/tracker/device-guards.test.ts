import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDealer, nextImei, openTestBackend, type TestBackend } from '../../test-support/harness.js';
import { allStaffPermissionsExcept, apiState, createStaff, createTariff, createUser, expectError, expectInvalid } from '../../test-support/api-assertions.js';

/** tracker/get_state and tracker/raw_command/send: what they refuse for a blocked or corrupted tracker. */
describe('tracker/get_state and tracker/raw_command/send guards', () => {
  let t: TestBackend;
  let userId: number;
  let tariffId: number;
  beforeEach(async () => {
    t = await openTestBackend();
    userId = await createUser(t);
    tariffId = await createTariff(t);
  });
  afterEach(async () => t.close());

  async function register(deviceId = nextImei()): Promise<{ id: number; deviceId: string; sourceId: number }> {
    const id = (await t.ok('tracker/register', { user_id: userId, label: 'Van', model: 'telfmb920', device_id: deviceId, tariff_id: tariffId })).id as number;
    const sourceId = (await t.ok('tracker/read', { tracker_id: id })).value.source.id as number;
    return { id, deviceId, sourceId };
  }
  const openCommands = async (sourceId: number) => (await t.backend.gateway.commands.open(sourceId)).length;

  describe('tracker/get_state', () => {
    it('answers the state of a tracker that is not blocked', async () => {
      const { id } = await register();
      const body = await t.ok('tracker/get_state', { tracker_id: id });
      expect(body.state).toMatchObject({ source_id: expect.any(Number), connection_status: 'just_registered' });
    });

    it('208 for a tracker blocked by the dealer and for one blocked for non-payment; unblocked it answers again', async () => {
      const { id, sourceId } = await register();
      await t.ok('tracker/source/update', { tracker_id: id, blocked: true });
      expectError(await t.call('tracker/get_state', { tracker_id: id }), 208);
      await t.ok('tracker/source/update', { tracker_id: id, blocked: false });
      await t.ok('tracker/get_state', { tracker_id: id });

      // Blocked by billing (the run sets the same source flag with tariff_end).
      await t.backend.database.transaction((tx) => tx.run('UPDATE sources SET blocked = 1, tariff_end = 1 WHERE id = ?', [sourceId]));
      t.backend.trackerIndex.refresh([], [sourceId]);
      await t.backend.trackerIndex.idle();
      expectError(await t.call('tracker/get_state', { tracker_id: id }), 208);
    });

    it('a clone of a blocked source is blocked too: 208', async () => {
      const { id } = await register();
      const clone = (await t.ok('tracker/clone', { tracker_id: id, user_id: await createUser(t), label: 'Clone' })).id as number;
      await t.ok('tracker/source/update', { tracker_id: id, blocked: true });
      expectError(await t.call('tracker/get_state', { tracker_id: clone }), 208);
    });

    it('201 unknown or another dealer’s tracker, 252 corrupted, 13 without trackers: read, 7 bad id; a refusal changes nothing', async () => {
      const { id } = await register();
      const other = await addDealer(t, 2);
      const staff = await createStaff(t, allStaffPermissionsExcept('trackers', 'read'));
      const before = await apiState(t);
      expectError(await t.call('tracker/get_state', { tracker_id: 999_999 }), 201);
      expectError(await t.call('tracker/get_state', { tracker_id: id }, other), 201);
      expectError(await t.call('tracker/get_state', { tracker_id: id }, staff.hash), 13);
      expectInvalid(await t.call('tracker/get_state', { tracker_id: 'x' }), ['tracker_id']);
      await t.ok('tracker/source/update', { tracker_id: id, blocked: true });
      expectError(await t.call('tracker/get_state', { tracker_id: id }), 208);
      await t.ok('tracker/source/update', { tracker_id: id, blocked: false });
      expect(await apiState(t)).toEqual(before);

      await t.ok('tracker/corrupt', { tracker_id: id });
      expectError(await t.call('tracker/get_state', { tracker_id: id }), 252);
    });
  });

  describe('tracker/raw_command/send', () => {
    it('queues a command for a known device', async () => {
      const { deviceId, sourceId } = await register();
      const body = await t.ok('tracker/raw_command/send', { device_id: deviceId, command: 'getinfo' });
      expect(body).toMatchObject({ id: expect.any(Number), sent: false });
      expect(await openCommands(sourceId)).toBe(1);
    });

    it('252 for the device of a corrupted tracker (found by its original device id), queuing nothing', async () => {
      const { id, deviceId, sourceId } = await register();
      await t.ok('tracker/corrupt', { tracker_id: id });
      const before = await apiState(t);
      expectError(await t.call('tracker/raw_command/send', { device_id: deviceId, command: 'getinfo' }), 252);
      expect(await openCommands(sourceId)).toBe(0);
      expect(await apiState(t)).toEqual(before);
    });

    it('a device registered again after its corruption gets the command, not 252', async () => {
      const first = await register();
      await t.ok('tracker/corrupt', { tracker_id: first.id });
      const again = await register(first.deviceId);
      await t.ok('tracker/raw_command/send', { device_id: first.deviceId, command: 'getinfo' });
      expect(await openCommands(again.sourceId)).toBe(1);
      expect(await openCommands(first.sourceId)).toBe(0);
    });

    it('an unknown device id that is only a prefix of a corrupted one is 201', async () => {
      const { id, deviceId } = await register();
      await t.ok('tracker/corrupt', { tracker_id: id });
      expectError(await t.call('tracker/raw_command/send', { device_id: deviceId.slice(0, -1), command: 'getinfo' }), 201);
      expectError(await t.call('tracker/raw_command/send', { device_id: `${deviceId}#corrupted`, command: 'getinfo' }), 201);
    });

    it('201 unknown or another dealer’s device (corrupted too), 13 without trackers: update, 7 bad params; a refusal changes nothing', async () => {
      const { deviceId, sourceId } = await register();
      const corrupted = await register();
      await t.ok('tracker/corrupt', { tracker_id: corrupted.id });
      const other = await addDealer(t, 2);
      const staff = await createStaff(t, allStaffPermissionsExcept('trackers', 'update'));
      const before = await apiState(t);
      expectError(await t.call('tracker/raw_command/send', { device_id: '999', command: 'getinfo' }), 201);
      expectError(await t.call('tracker/raw_command/send', { device_id: deviceId, command: 'getinfo' }, other), 201);
      expectError(await t.call('tracker/raw_command/send', { device_id: corrupted.deviceId, command: 'getinfo' }, other), 201);
      expectError(await t.call('tracker/raw_command/send', { device_id: deviceId, command: 'getinfo' }, staff.hash), 13);
      expectInvalid(await t.call('tracker/raw_command/send', { device_id: deviceId, command: '0x1g', type: 'hex' }), ['command']);
      expect(await openCommands(sourceId)).toBe(0);
      expect(await apiState(t)).toEqual(before);
    });
  });
});
