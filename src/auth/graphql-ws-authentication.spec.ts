import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from '@jest/globals';
import {
  authorizationFromConnectionParams,
  type GraphqlWsContext,
  graphqlContext,
} from './graphql-ws-authentication';

describe('authorizationFromConnectionParams', () => {
  it('reads Authorization or authorization as a header value', () => {
    expect(authorizationFromConnectionParams({ Authorization: 'Bearer a.b.c' })).toBe('Bearer a.b.c');
    expect(authorizationFromConnectionParams({ authorization: ' Bearer a.b.c ' })).toBe('Bearer a.b.c');
  });

  it('prefers the header over a bare token, and makes a bare token a Bearer one', () => {
    expect(authorizationFromConnectionParams({ authorization: 'Bearer h', token: 't' })).toBe('Bearer h');
    expect(authorizationFromConnectionParams({ token: 'a.b.c' })).toBe('Bearer a.b.c');
    expect(authorizationFromConnectionParams({ token: 'bearer a.b.c' })).toBe('bearer a.b.c');
  });

  it('finds nothing in missing, empty or non-string params', () => {
    for (const params of [undefined, {}, { Authorization: '' }, { token: '  ' }, { Authorization: 42 }]) {
      expect(authorizationFromConnectionParams(params)).toBeUndefined();
    }
  });
});

describe('graphqlContext', () => {
  it("gives an HTTP operation the Node request under Fastify's, where the middleware left the user", () => {
    const raw = { headers: {}, user: { login: 'someone' } };
    expect(graphqlContext({ raw, headers: {} } as unknown as FastifyRequest).req).toBe(raw);
  });

  it('gives a graphql-ws operation the upgrade request of its connection', () => {
    const request = { headers: {}, user: { login: 'someone' } };
    const ctx = { connectionParams: {}, extra: { request, socket: {} } } as unknown as GraphqlWsContext;
    expect(graphqlContext(ctx).req).toBe(request);
  });
});
