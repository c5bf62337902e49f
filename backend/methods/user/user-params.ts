import { z } from 'zod';
import { bool, decimal, id, int, nullable, object, oneOf } from '../../../shared/api/params.js';

const optionalText = (max: number) => z.string({ error: 'Must be a string' }).max(max, `Must be at most ${max} characters`).optional();

export const userLogin = () =>
  z.string({ error: 'Required' }).max(100, 'Must be at most 100 characters').email('Must be a valid email address');

/** User object fields writable by user/create and user/update (read-only ones are ignored). */
export const userFields = {
  login: userLogin(),
  activated: bool().optional(),
  verified: bool().optional(),
  first_name: optionalText(100),
  middle_name: optionalText(100),
  last_name: optionalText(100),
  legal_name: optionalText(200),
  legal_type: oneOf(['legal_entity', 'individual', 'sole_trader']),
  phone: z
    .string({ error: 'Must be a string' })
    .regex(/^(\d{10,15})?$/, 'Must be 10 to 15 digits')
    .optional(),
  post_country: optionalText(100),
  post_index: optionalText(20),
  post_region: optionalText(100),
  post_city: optionalText(100),
  post_street_address: optionalText(200),
  registered_country: optionalText(100),
  registered_index: optionalText(20),
  registered_region: optionalText(100),
  registered_city: optionalText(100),
  registered_street_address: optionalText(200),
  state_reg_num: optionalText(15),
  tin: optionalText(30),
  okpo_code: optionalText(30),
  iec: optionalText(30),
  default_tariff_id: nullable(id()).optional(),
};

export const userPassword = () =>
  z
    .string({ error: 'Required' })
    .min(6, 'Must be 6 to 20 printable characters')
    .max(20, 'Must be 6 to 20 printable characters')
    .regex(/^[\x20-\x7e]+$/, 'Must be 6 to 20 printable characters');

/** The discount object of the user doc. */
export const userDiscount = () =>
  object({
    value: decimal(0, 100),
    min_trackers: int(0),
    end_date: nullable(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Must be YYYY-MM-DD')).optional(),
    strategy: oneOf(['no_summing', 'sum_with_progressive']),
  });
