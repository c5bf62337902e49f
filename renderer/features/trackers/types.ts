import type { Tariff, Tracker, User } from '../../../shared/entities';

export type { Tariff, Tracker, User };

export interface ListResult<T> {
  list: T[];
  count: number;
}
