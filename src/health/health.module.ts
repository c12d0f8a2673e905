import { type DynamicModule, Module } from '@nestjs/common';
import { StreamsModule } from '../streams/streams.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

/** Takes the app's MigrationModule instance, like the tracker, to check the store it is bound to. */
@Module({})
export class HealthModule {
  static forRoot(migrationModule: DynamicModule): DynamicModule {
    return {
      module: HealthModule,
      imports: [StreamsModule, migrationModule],
      controllers: [HealthController],
      providers: [HealthService],
    };
  }
}
