import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, NestMiddleware } from '@nestjs/common';
import { AccessTokenService } from './access-token.service';
import type { AuthenticatedRequest } from './auth-user';

/**
 * Verifies the Bearer token of every request once and leaves the verdict on the request; `JwtAuthGuard`
 * decides what needs it. Running here rather than in the guard means a request pays for verification
 * once, however many guarded resolvers it reaches.
 */
@Injectable()
export class JwtAuthenticationMiddleware implements NestMiddleware {
  constructor(private readonly tokens: AccessTokenService) {}

  use(
    request: IncomingMessage & AuthenticatedRequest,
    _response: ServerResponse,
    next: (error?: unknown) => void,
  ): void {
    if (!request.headers.authorization) {
      next();
      return;
    }
    this.tokens.verify(request.headers.authorization).then(({ user, failure }) => {
      if (user) request.user = user;
      else request.authFailure = failure;
      next();
    }, next);
  }
}
