import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { allSpecs } from '../../shared/api/contract.js';
import { methodErrors } from '../../shared/api/method-errors.js';
import { allMethods } from '../methods/index.js';
import { openApiDocument } from './openapi.js';
import { MethodRegistry } from './registry.js';

const registry = new MethodRegistry(allMethods);
const document = openApiDocument(registry) as Record<string, any>;

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    // The validator does fail a broken document (a parameter without its location).
    const broken = structuredClone(document);
    delete broken.paths['/tracker/move'].get.parameters[0].in;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('describes every registered path (aliases too) and nothing else, each as GET and POST', () => {
    expect(Object.keys(document.paths).sort()).toEqual(registry.paths().map((p) => `/${p}`));
    for (const [path, item] of Object.entries<Record<string, any>>(document.paths)) {
      expect(Object.keys(item).sort(), path).toEqual(['get', 'post']);
    }
    expect(document.paths['/tracker/register_entry'].post.summary).toBe('tracker/register_entry (alias of tracker/register_retry)');
  });

  it('lists the error codes of every method of the contract, and only of those', () => {
    expect(Object.keys(methodErrors).sort()).toEqual(allSpecs.map((s) => s.path).sort());
    const move = document.paths['/tracker/move'].post;
    expect(move['x-error-codes']).toEqual([1, 3, 4, 5, 6, 7, 9, 13, 201, 219, 246, 247, 252]);
    expect(move.responses['403'].description).toBe('13 Operation not permitted; 219 Not allowed for clones of the device');
    expect(move['x-permissions']).toEqual({ trackers: ['create', 'delete'] });
    // A sign-in needs no session: no 3/4/13, no security requirement.
    const auth = document.paths['/account/auth'].post;
    expect(auth['x-error-codes']).toEqual([1, 5, 6, 7, 9, 11, 12, 15]);
    expect(auth.security).toEqual([]);
    // A list with a limit answers 212.
    expect(document.paths['/audit/log/list'].get['x-error-codes']).toContain(212);
  });

  it('gives the parameters in the three request forms from the zod schemas', () => {
    const post = document.paths['/tracker/move'].post.requestBody.content;
    const schema = post['application/json'].schema;
    expect(schema.required).toEqual(['tracker_id', 'user_id']);
    expect(schema.properties.tracker_id).toEqual({ type: 'integer', minimum: 1, maximum: 2147483647 });
    expect(schema.properties.hash.pattern).toBe('^[0-9a-fA-F]{32}$');
    expect(post['application/x-www-form-urlencoded'].schema).toEqual(schema);
    // Arrays travel as JSON text in a form body and in the query string.
    const batch = document.paths['/tracker/batch_delete_clones'];
    expect(batch.post.requestBody.content['application/x-www-form-urlencoded'].encoding).toEqual({ trackers: { contentType: 'application/json' } });
    const query = batch.get.parameters.find((p: any) => p.name === 'trackers');
    expect(query).toMatchObject({ in: 'query', required: true, content: { 'application/json': { schema: { type: 'array' } } } });
    const clone = document.paths['/tracker/batch_clone'].post;
    expect(clone['x-error-codes']).toEqual(expect.arrayContaining([201, 219, 246, 247, 252, 13, 7]));
    expect(clone['x-permissions']).toEqual({ trackers: ['create'] });
    expect(clone.requestBody.content['application/json'].schema.properties.trackers).toMatchObject({ type: 'array', maxItems: 500 });
    const register = document.paths['/tracker/batch_register'].post;
    expect(register['x-permissions']).toEqual({ trackers: ['create'] });
    expect(register.requestBody.content['application/json'].schema.properties.trackers).toMatchObject({ type: 'array', maxItems: 1000 });
    const list = document.paths['/audit/log/list'].get.parameters.map((p: any) => [p.name, p.required]);
    expect(list).toEqual(
      expect.arrayContaining([
        ['from', true],
        ['entity_type', false],
        ['limit', false],
      ]),
    );
  });
});
