/** Paths the service itself answers; every other GET that asks for HTML is a dashboard route. */
const SERVICE_PREFIXES = ['/graphql', '/auth/', '/health', '/assets/'];

export type DashboardAnswer = 'asset' | 'graphiql' | 'page' | 'none';

export interface DashboardRequest {
  method: string;
  path: string;
  accept: string | undefined;
  /** The query string holds `query=`: a GraphQL GET request, not a person opening the IDE. */
  graphqlQuery: boolean;
}

const wantsHtml = (accept: string | undefined) => accept !== undefined && accept.includes('text/html');

/** Which of the dashboard's files answers a request, if any (pure: tested without a server). */
export function dashboardAnswer(request: DashboardRequest, graphiqlEnabled: boolean): DashboardAnswer {
  if (request.method !== 'GET' && request.method !== 'HEAD') return 'none';
  const { path } = request;
  if (path.startsWith('/assets/')) return 'asset';
  if (path === '/') return 'page';
  if (!wantsHtml(request.accept)) return 'none';
  if (path === '/graphql' || path === '/graphql/')
    return graphiqlEnabled && !request.graphqlQuery ? 'graphiql' : 'none';
  if (SERVICE_PREFIXES.some((prefix) => path === prefix.replace(/\/$/, '') || path.startsWith(prefix)))
    return 'none';
  return 'page';
}
