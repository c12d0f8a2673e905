import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { DASHBOARD_OPTIONS, DashboardMiddleware, type DashboardOptions } from './dashboard.middleware';

/** The web dashboard and GraphiQL, served from the service's own origin. */
@Module({})
export class DashboardModule implements NestModule {
  static forRoot(options: DashboardOptions): DynamicModule {
    return {
      module: DashboardModule,
      providers: [{ provide: DASHBOARD_OPTIONS, useValue: options }, DashboardMiddleware],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(DashboardMiddleware).forRoutes('{*path}');
  }
}
