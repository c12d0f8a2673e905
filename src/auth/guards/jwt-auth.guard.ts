import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { IS_PUBLIC } from '../decorators/public.decorator';
import type { AuthenticatedRequest } from '../auth-user';

/**
 * The one global guard: every GraphQL operation and HTTP route needs a valid token unless marked
 * `@Public()`, and every mutation needs an administrator (ADMIN_LOGINS). The token itself was verified
 * by `AccessTokenService`, for the request (`JwtAuthenticationMiddleware`) or its graphql-ws connection.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    // A resolver's arguments are (root, args, context, info).
    const isGraphql = context.getType<GqlContextType>() === 'graphql';
    const request: AuthenticatedRequest = isGraphql
      ? context.getArgByIndex<{ req: AuthenticatedRequest }>(2).req
      : context.switchToHttp().getRequest();
    if (!request.user) {
      throw new UnauthorizedException(
        `Not authenticated: ${request.authFailure ?? 'a Bearer token is required'}`,
      );
    }
    const info = isGraphql ? context.getArgByIndex<GraphQLResolveInfo>(3) : null;
    if (info?.operation.operation === 'mutation' && !request.user.isAdmin) {
      throw new ForbiddenException('Only administrators (ADMIN_LOGINS) may run mutations');
    }
    return true;
  }
}
