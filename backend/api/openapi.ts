/**
 * The OpenAPI 3.1 description of the panel API, generated from the method registry and the zod
 * schemas of the contract (`z.toJSONSchema`), never written by hand. Served at
 * `/v2/panel/openapi.json`; `backend/api/openapi.test.ts` validates it and compares its paths
 * with the registry's.
 */
import { z } from 'zod';
import { allSpecs } from '../../shared/api/contract.js';
import type { MethodSpec } from '../../shared/api/define.js';
import { methodErrors } from '../../shared/api/method-errors.js';
import { Code, errorInfo, type ErrorCode } from '../../shared/errors.js';
import type { MethodRegistry } from './registry.js';

type Json = Record<string, unknown>;

/** Codes any method may answer, from its declaration (see dispatch.ts and the HTTP transport). */
function commonErrors(spec: MethodSpec, hasLimit: boolean, hasParams: boolean): ErrorCode[] {
  const codes: ErrorCode[] = [Code.DatabaseError, Code.WrongRequestFormat, Code.UnexpectedError, Code.TooLargeRequest];
  if (spec.auth !== 'none') codes.push(Code.WrongUserHash, Code.SessionEnded);
  if (Object.keys(spec.permissions).length > 0) codes.push(Code.OperationNotPermitted);
  if (hasParams) codes.push(Code.InvalidParameters);
  if (hasLimit) codes.push(Code.LimitTooBig);
  return codes;
}

function paramsSchema(spec: MethodSpec): Json {
  const schema = z.toJSONSchema(spec.params, { io: 'input', unrepresentable: 'any' }) as Json;
  delete schema.$schema;
  return schema;
}

const isStructured = (schema: unknown): boolean => {
  const type = (schema as Json | undefined)?.type;
  return type === 'object' || type === 'array';
};

const hashProperty = {
  type: 'string',
  pattern: '^[0-9a-fA-F]{32}$',
  description: 'Session hash (also accepted in the query string or `Authorization: NVX <hash>`)',
};

function operation(spec: MethodSpec, path: string, form: 'get' | 'post'): Json {
  const schema = paramsSchema(spec);
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const codes = [...new Set([...commonErrors(spec, 'limit' in properties, Object.keys(properties).length > 0), ...(methodErrors[spec.path] ?? [])])].sort(
    (a, b) => a - b,
  );
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(errorInfo(code).http, [...(byStatus.get(errorInfo(code).http) ?? []), code]);
  const responses: Json = {
    '200': {
      description: 'Success: `success: true` and the result fields.',
      content: {
        'application/json': { schema: { type: 'object', required: ['success'], properties: { success: { const: true } }, additionalProperties: true } },
      },
    },
  };
  for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    responses[String(status)] = {
      description: list.map((c) => `${c} ${errorInfo(c).description}`).join('; '),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  const op: Json = {
    operationId: `${form}_${path.replace(/\//g, '_')}`,
    tags: [spec.path.split('/')[0]],
    summary: spec.path === path ? spec.path : `${path} (alias of ${spec.path})`,
    'x-permissions': spec.permissions,
    'x-writes': Boolean(spec.writes),
    'x-error-codes': codes,
    responses,
  };
  if (spec.auth === 'none') op.security = [];
  if (form === 'get') {
    op.parameters = Object.entries(properties).map(([name, property]) => ({
      name,
      in: 'query',
      required: required.has(name),
      // Arrays and objects travel as JSON text in the query string.
      ...(isStructured(property) ? { content: { 'application/json': { schema: property } } } : { schema: property }),
    }));
  } else {
    const body = { ...schema, properties: { ...properties, hash: hashProperty } };
    const encoding = Object.fromEntries(
      Object.entries(properties)
        .filter(([, property]) => isStructured(property))
        .map(([name]) => [name, { contentType: 'application/json' }]),
    );
    op.requestBody = {
      required: required.size > 0,
      content: {
        'application/json': { schema: body },
        'application/x-www-form-urlencoded': { schema: body, ...(Object.keys(encoding).length ? { encoding } : {}) },
      },
    };
  }
  return op;
}

/** The document for every method `registry` serves, described by its spec. */
export function openApiDocument(registry: MethodRegistry, version = '2.0.0'): Json {
  const paths: Json = {};
  for (const spec of allSpecs) {
    for (const path of [spec.path, ...(spec.aliases ?? [])]) {
      if (!registry.get(path)) continue;
      paths[`/${path}`] = { get: operation(spec, path, 'get'), post: operation(spec, path, 'post') };
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dealer Console panel API',
      version,
      description:
        'The Navixy panel API as Dealer Console serves it. Parameters come in the query string, a JSON body or a form body ' +
        '(arrays and objects as JSON text). Every answer is JSON: `success: true` with the result, or `success: false` with ' +
        '`status: {code, description}` (7 adds `errors: [{parameter, error}]`).',
    },
    servers: [{ url: '/v2/panel' }, { url: '/panel' }],
    security: [{ hashQuery: [] }, { hashHeader: [] }],
    paths,
    components: {
      securitySchemes: {
        hashQuery: { type: 'apiKey', in: 'query', name: 'hash', description: 'Session hash from account/auth (also accepted as the body field `hash`)' },
        hashHeader: { type: 'apiKey', in: 'header', name: 'Authorization', description: '`NVX <hash>`' },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['success', 'status'],
          properties: {
            success: { const: false },
            status: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string' } } },
            list: {
              type: 'array',
              items: { type: 'integer' },
              description: 'The ids a refusal applies to: 253 the clone ids; tracker/batch_clone the tracker ids of its 201, 219, 246, 247 or 252',
            },
            errors: {
              type: 'array',
              items: { type: 'object', required: ['parameter', 'error'], properties: { parameter: { type: 'string' }, error: { type: 'string' } } },
            },
          },
        },
      },
    },
  };
}
