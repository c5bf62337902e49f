import { trackerRegister } from '../../../shared/api/tracker.js';
import { defineMethod } from '../../api/registry.js';
import { RegistrationLookups } from './registration.js';

/** A device from the dealer's stock (a bundle) brings its model and its SIM card's phone. */
export default defineMethod(trackerRegister, async ({ params, dealerId, services }) => {
  const tracker = await new RegistrationLookups(dealerId, services).prepare(params);
  return { id: await services.trackers.register(dealerId, tracker) };
});
