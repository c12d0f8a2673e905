import { ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import type { AuthUser } from '../auth-user';
import { IS_PUBLIC } from '../decorators/public.decorator';

/**
 * The one global guard: every GraphQL operation and HTTP route needs a valid token unless marked
 * `@Public()`, and every mutation needs an admin (ADMIN_LOGINS).
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override getRequest(context: ExecutionContext) {
    return context.getType<GqlContextType>() === 'graphql'
      ? GqlExecutionContext.create(context).getContext<{ req: unknown }>().req
      : context.switchToHttp().getRequest();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    await super.canActivate(context);
    if (context.getType<GqlContextType>() === 'graphql') {
      const operation = GqlExecutionContext.create(context).getInfo<{ operation: { operation: string } }>()
        .operation;
      const user = this.getRequest(context).user as AuthUser;
      if (operation.operation === 'mutation' && !user.isAdmin) {
        throw new ForbiddenException('Only administrators (ADMIN_LOGINS) may run mutations');
      }
    }
    return true;
  }

  override handleRequest<TUser>(error: unknown, user: TUser, info: unknown): TUser {
    if (error || !user) {
      const reason = info instanceof Error ? info.message : 'a Bearer token is required';
      throw new UnauthorizedException(`Not authenticated: ${reason}`);
    }
    return user;
  }
}
