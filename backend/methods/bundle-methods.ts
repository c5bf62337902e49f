import type { MethodDeclaration } from '../api/registry.js';

/** Bundles, SIM cards, equipment and orders. */
export const bundleMethods: MethodDeclaration[] = [];
