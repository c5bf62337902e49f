import { equipmentList } from '../../../shared/api/equipment.js';
import { defineMethod } from '../../api/registry.js';

export default defineMethod(equipmentList, async ({ services: { equipment } }) => ({ list: await equipment.list() }));
