import { Global, Module } from '@nestjs/common';
import { CacheStoreService } from './cache-store.service';

/** Global: the CacheModule builds its store from it, login and /health ask it whether Redis answers. */
@Global()
@Module({
  providers: [CacheStoreService],
  exports: [CacheStoreService],
})
export class CacheStoreModule {}
