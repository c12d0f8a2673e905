import { Global, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { CorsMiddleware } from './http/cors.middleware';

@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }],
  exports: [Clock],
})
export class CommonModule implements NestModule {
  // Here rather than in main.ts, so that every way of starting the app (tests too) serves the same CORS.
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(CorsMiddleware).forRoutes('graphql');
  }
}
