import type { MethodDeclaration } from '../api/registry.js';
import equipmentList from './equipment/list.js';
import orderCreate from './order/create.js';
import orderList from './order/list.js';
import orderRead from './order/read.js';
import simCardImport from './sim_card/import.js';
import simCardList from './sim_card/list.js';
import simCardUpdate from './sim_card/update.js';
import bundleAssign from './tracker/bundle/assign.js';
import bundleImport from './tracker/bundle/import.js';
import bundleList from './tracker/bundle/list.js';
import bundleOrderAssign from './tracker/bundle/order/assign.js';
import bundleRead from './tracker/bundle/read.js';
import bundleUpdate from './tracker/bundle/update.js';

/** Bundles, SIM cards, equipment and orders. */
export const bundleMethods: MethodDeclaration[] = [
  bundleImport,
  bundleList,
  bundleRead,
  bundleUpdate,
  bundleAssign,
  bundleOrderAssign,
  simCardImport,
  simCardList,
  simCardUpdate,
  equipmentList,
  orderCreate,
  orderList,
  orderRead,
] as MethodDeclaration[];
