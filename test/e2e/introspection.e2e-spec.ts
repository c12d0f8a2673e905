import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AppHarness, graphql, startApp } from '../support/app-harness';

/** The README's rule: the schema is public outside production; every field of it needs a token. */
describe('Introspection and the token', () => {
  describe('outside production', () => {
    let harness: AppHarness;

    beforeAll(async () => {
      harness = await startApp();
    });

    afterAll(async () => {
      await harness?.close();
    });

    it('answers the schema without a token', async () => {
      const result = await graphql<{ __schema: { queryType: { name: string } }; __type: { name: string } }>(
        harness.url,
        '{ __schema { queryType { name } } __type(name: "StreamStats") { name } }',
      );
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({
        __schema: { queryType: { name: 'Query' } },
        __type: { name: 'StreamStats' },
      });
    });

    it('answers no field of it without a token', async () => {
      const result = await graphql(harness.url, '{ __typename me { login } }');
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(result.data).toBeNull();
    });
  });

  describe('in production', () => {
    let harness: AppHarness;

    beforeAll(async () => {
      harness = await startApp({ NODE_ENV: 'production' });
    });

    afterAll(async () => {
      await harness?.close();
    });

    it('refuses introspection with a token or without', async () => {
      for (const token of [undefined, harness.adminToken]) {
        const result = await graphql(harness.url, '{ __schema { queryType { name } } }', {}, token);
        expect(result.errors?.[0].message).toMatch(/introspection is not allowed/);
      }
    });
  });
});
