import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

/** A request body larger than this is refused with 413 before it is read (GraphQL requests are small). */
const BODY_LIMIT_BYTES = 100 * 1024;

/** The app as every way of starting it builds it (main.ts, the test harness). */
export type HttpApplication = NestFastifyApplication;

/**
 * Fastify under Nest and Apollo: in `npm run bench -- --only=http` it served a GraphQL request with less than
 * half the CPU Express 5 took (docs/benchmarks.md). One adapter for the service and its tests.
 */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES });
}
