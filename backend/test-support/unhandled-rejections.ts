import { afterAll, beforeAll } from 'vitest';

/**
 * Every unhandled rejection while the enclosing file (or describe block) runs; a test asserts the
 * list is empty, so a fault path that lets a promise go unhandled fails the suite.
 */
export function collectUnhandledRejections(): unknown[] {
  const seen: unknown[] = [];
  const collect = (reason: unknown) => seen.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', collect);
  });
  afterAll(() => {
    process.off('unhandledRejection', collect);
  });
  return seen;
}
