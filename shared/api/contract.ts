/**
 * The whole API contract: every method path with its parameters, permissions and result type.
 * The backend registers exactly these (a test compares), the renderer's client is typed by them
 * and its permission gating reads them.
 */
import type { z } from 'zod';
import type { MethodSpec, ParamsOfSpec, ResultOfSpec } from './define.js';
import * as tracker from './tracker.js';
import * as bundle from './bundle.js';
import * as simCard from './sim-card.js';
import * as order from './order.js';
import * as equipment from './equipment.js';
import * as account from './account.js';
import * as staff from './staff.js';
import * as user from './user.js';
import * as tariff from './tariff.js';
import * as billing from './billing.js';
import * as settings from './settings.js';
import * as dealer from './dealer.js';
import * as audit from './audit.js';

const isSpec = (value: unknown): value is MethodSpec => typeof value === 'object' && value !== null && 'path' in value && 'params' in value;
const specs: MethodSpec[] = (
  [
    ...Object.values(tracker),
    ...Object.values(bundle),
    ...Object.values(simCard),
    ...Object.values(order),
    ...Object.values(equipment),
    ...Object.values(account),
    ...Object.values(staff),
    ...Object.values(user),
    ...Object.values(tariff),
    ...Object.values(billing),
    ...Object.values(settings),
    ...Object.values(dealer),
    ...Object.values(audit),
  ] as unknown[]
).filter(isSpec);

type SpecsOf<M> = { [K in keyof M as M[K] extends MethodSpec ? K : never]: M[K] };
type AllSpecs =
  | SpecsOf<typeof tracker>[keyof SpecsOf<typeof tracker>]
  | SpecsOf<typeof bundle>[keyof SpecsOf<typeof bundle>]
  | SpecsOf<typeof simCard>[keyof SpecsOf<typeof simCard>]
  | SpecsOf<typeof order>[keyof SpecsOf<typeof order>]
  | SpecsOf<typeof equipment>[keyof SpecsOf<typeof equipment>]
  | SpecsOf<typeof account>[keyof SpecsOf<typeof account>]
  | SpecsOf<typeof staff>[keyof SpecsOf<typeof staff>]
  | SpecsOf<typeof user>[keyof SpecsOf<typeof user>]
  | SpecsOf<typeof tariff>[keyof SpecsOf<typeof tariff>]
  | SpecsOf<typeof billing>[keyof SpecsOf<typeof billing>]
  | SpecsOf<typeof settings>[keyof SpecsOf<typeof settings>]
  | SpecsOf<typeof dealer>[keyof SpecsOf<typeof dealer>]
  | SpecsOf<typeof audit>[keyof SpecsOf<typeof audit>];

/** Path → spec. */
export type Contract = { [S in AllSpecs as S['path']]: S };
export type MethodPath = keyof Contract;
export type ParamsOf<M extends MethodPath> = ParamsOfSpec<Contract[M]>;
export type ResultOf<M extends MethodPath> = ResultOfSpec<Contract[M]>;

export const contract = Object.fromEntries(specs.map((s) => [s.path, s])) as unknown as Contract;

/** Every spec, in declaration order. */
export const allSpecs: readonly MethodSpec<z.ZodType, object>[] = specs;
