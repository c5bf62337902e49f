import type { MethodDeclaration } from '../api/registry.js';

/** Tariff change, tariff defaults, transactions, billing run, active history. */
export const billingMethods: MethodDeclaration[] = [];
