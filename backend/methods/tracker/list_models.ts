import { trackerListModels } from '../../../shared/api/tracker.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod(trackerListModels, async ({ services: { models } }) => ({ list: await models.list() }));
