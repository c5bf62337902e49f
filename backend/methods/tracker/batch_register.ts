import { trackerBatchRegister, type BatchRegisterResult } from '../../../shared/api/tracker.js';
import { errorInfo } from '../../../shared/errors.js';
import { ApiError } from '../../api/api-error.js';
import { defineMethod } from '../../api/registry.js';
import type { NewTracker } from '../../storage/repositories/trackers.js';
import { RegistrationLookups } from './registration.js';

const refusal = (error: ApiError): BatchRegisterResult => ({
  error: { code: error.code, description: error.message, ...(Array.isArray(error.extra.errors) ? { errors: error.extra.errors } : {}) },
});

/**
 * Per item: each is checked as tracker/register checks it (users, models and plans read once per
 * call), then the accepted ones are written in one transaction, where 224, 223 and the device
 * limit counted with the batch's earlier items (221) refuse single items.
 */
export default defineMethod(trackerBatchRegister, async ({ params, dealerId, services }) => {
  const lookups = new RegistrationLookups(dealerId, services);
  const list: (BatchRegisterResult | undefined)[] = [];
  const accepted: { index: number; tracker: NewTracker }[] = [];
  for (const [index, item] of params.trackers.entries()) {
    try {
      const tracker = await lookups.prepare(item);
      accepted.push({ index, tracker: { ...tracker, ...(item.comment !== undefined ? { comment: item.comment } : {}) } });
      list.push(undefined);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      list.push(refusal(error));
    }
  }
  const written = accepted.length
    ? await services.trackers.registerMany(
        dealerId,
        accepted.map((a) => a.tracker),
      )
    : [];
  written.forEach((result, i) => {
    const { index } = accepted[i]!;
    list[index] = 'id' in result ? { id: result.id } : { error: { code: result.code, description: errorInfo(result.code).description } };
  });
  return { list: list as BatchRegisterResult[] };
});
