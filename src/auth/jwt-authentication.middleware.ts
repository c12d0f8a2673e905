import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AuthUser } from './auth-user';
import { authenticateBearer } from './bearer-authentication';

export interface AuthenticatedRequest extends Request {
  user?: AuthUser;
  /** Why a presented token was refused, for the guard's message. */
  authFailure?: string;
}

/**
 * Verifies the Bearer token of every request once, through the passport-jwt strategy, and leaves the
 * verdict on the request; `JwtAuthGuard` decides what needs it. Running here rather than in the guard
 * means a request pays for verification once, however many guarded resolvers it reaches.
 */
@Injectable()
export class JwtAuthenticationMiddleware implements NestMiddleware {
  use(request: AuthenticatedRequest, _response: Response, next: NextFunction): void {
    if (!request.headers.authorization) {
      next();
      return;
    }
    authenticateBearer(request).then(({ user, failure }) => {
      if (user) request.user = user;
      else request.authFailure = failure;
      next();
    }, next);
  }
}
