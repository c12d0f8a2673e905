import { Inject, Logger, MiddlewareConsumer, Module, NestModule, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { SequelizeModule } from '@nestjs/sequelize';
import { authConfig } from '../config';
import { AccessTokenService, jwtOptions } from './access-token.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { UserEntity } from './entities/user.entity';
import { JwtAuthGuard } from './guards/jwt-auth.guard';
import { JwtAuthenticationMiddleware } from './jwt-authentication.middleware';
import { OAuthStateService } from './oauth-state.service';
import { UserResolver } from './user.resolver';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [
    SequelizeModule.forFeature([UserEntity]),
    JwtModule.registerAsync({ inject: [authConfig.KEY], useFactory: jwtOptions }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    OAuthStateService,
    UsersRepository,
    UsersService,
    AccessTokenService,
    UserResolver,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [AuthService, UsersService, AccessTokenService],
})
export class AuthModule implements NestModule, OnModuleInit {
  constructor(@Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(JwtAuthenticationMiddleware).forRoutes('*path');
  }

  onModuleInit(): void {
    if (this.config.jwtSecretGenerated) {
      new Logger(AuthModule.name).warn(
        'JWT_SECRET is not set: using a random secret for this run only (tokens stop working on restart)',
      );
    }
  }
}
