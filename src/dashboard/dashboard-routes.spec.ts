import { describe, expect, it } from '@jest/globals';
import { dashboardAnswer } from './dashboard-routes';

const html = 'text/html,application/xhtml+xml,*/*;q=0.8';
const get = (path: string, accept?: string, graphqlQuery = false) => ({
  method: 'GET',
  path,
  accept,
  graphqlQuery,
});

describe('dashboardAnswer', () => {
  it('serves the dashboard for its routes when a browser asks for a page', () => {
    expect(dashboardAnswer(get('/', undefined), true)).toBe('page');
    expect(dashboardAnswer(get('/map', html), true)).toBe('page');
    expect(dashboardAnswer(get('/channels/xqc', html), true)).toBe('page');
  });

  it('leaves API requests, health and login to the service', () => {
    expect(dashboardAnswer(get('/map', 'application/json'), true)).toBe('none');
    expect(dashboardAnswer(get('/health', html), true)).toBe('none');
    expect(dashboardAnswer(get('/auth/twitch', html), true)).toBe('none');
    expect(dashboardAnswer(get('/auth/twitch/callback', html), true)).toBe('none');
    expect(
      dashboardAnswer({ method: 'POST', path: '/graphql', accept: html, graphqlQuery: false }, true),
    ).toBe('none');
  });

  it('opens GraphiQL for a browser at /graphql, not for a GraphQL GET request, and not when it is off', () => {
    expect(dashboardAnswer(get('/graphql', html), true)).toBe('graphiql');
    expect(dashboardAnswer(get('/graphql', html, true), true)).toBe('none');
    expect(dashboardAnswer(get('/graphql', 'application/json'), true)).toBe('none');
    expect(dashboardAnswer(get('/graphql', html), false)).toBe('none');
  });

  it('serves assets whatever the request accepts', () => {
    expect(dashboardAnswer(get('/assets/index-abc.js', '*/*'), true)).toBe('asset');
    expect(
      dashboardAnswer(
        { method: 'HEAD', path: '/assets/x.css', accept: undefined, graphqlQuery: false },
        true,
      ),
    ).toBe('asset');
  });
});
