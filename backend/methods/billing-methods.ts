import type { MethodDeclaration } from '../api/registry.js';
import billingRun from './billing/run.js';
import tariffDefaultsRead from './tariff/defaults/read.js';
import tariffDefaultsUpdate from './tariff/defaults/update.js';
import trackerActiveHistoryList from './tracker/active/history/list.js';
import trackerTariffChange from './tracker/tariff/change.js';
import userTransactionChangeBalance from './user/transaction/change_balance.js';
import userTransactionList from './user/transaction/list.js';

/** Tariff change, tariff defaults, transactions, billing run, active history. */
export const billingMethods: MethodDeclaration[] = [
  trackerTariffChange,
  tariffDefaultsRead,
  tariffDefaultsUpdate,
  userTransactionList,
  userTransactionChangeBalance,
  billingRun,
  trackerActiveHistoryList,
] as MethodDeclaration[];
