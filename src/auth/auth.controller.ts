import { Controller, Get, HttpException, Inject, Logger, Query, Req, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '../common/domain-error';
import { authConfig } from '../config';
import { AuthService, LoginRejectedError, type LoginResult, ReturnableLoginError } from './auth.service';
import { Public } from './decorators/public.decorator';
import { LoginCallbackQuery } from './dto/login-callback.query';
import { LoginStartQuery } from './dto/login-start.query';
import { toUserModel } from './user-model.mapper';

const STATE_COOKIE = 'tmt_oauth_state';
const COOKIE_PATH = '/auth/twitch';

/** A cookie that does not decode (`%E0%A4%A`) was not set by us: as good as none. */
function readCookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A failed login as the client sees it; undefined for an unexpected failure, whose details stay here. */
function describeFailure(error: unknown): { status: number; message: string } | undefined {
  if (error instanceof LoginRejectedError) return { status: error.status, message: error.message };
  // The service is stopping.
  if (error instanceof DomainError && error.code === ErrorCode.Unavailable)
    return { status: 503, message: error.message };
  return undefined;
}

/** OAuth 2 error codes (RFC 6749 §4.1.2.1) for the statuses a login fails with. */
const OAUTH_ERRORS: Record<number, string> = {
  400: 'invalid_request',
  401: 'invalid_grant',
  403: 'access_denied',
  502: 'temporarily_unavailable',
  503: 'temporarily_unavailable',
};

/**
 * Sends the browser to `target` with `fields` in the fragment: browsers never send a fragment to a server
 * or put it in a Referer, so a token there reaches only the page's script. Not cached, and the page it
 * lands on leaks no referrer either.
 */
function redirectWithFragment(response: FastifyReply, target: string, fields: Record<string, string>): void {
  // No body: one that repeated the URL would carry the token too.
  response
    .header('Cache-Control', 'no-store')
    .header('Referrer-Policy', 'no-referrer')
    .header('Location', `${target}#${new URLSearchParams(fields).toString()}`)
    .code(302)
    .send();
}

/**
 * The browser's half of the login state: only this browser can finish the login it started. Not readable by
 * scripts, sent only to the login routes, and gone once the state expires.
 */
function stateCookie(request: FastifyRequest, value: string, maxAgeMs: number): string {
  const attributes = [
    `${STATE_COOKIE}=${encodeURIComponent(value)}`,
    `Path=${COOKIE_PATH}`,
    `Max-Age=${Math.floor(maxAgeMs / 1000)}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (request.protocol === 'https') attributes.push('Secure');
  return attributes.join('; ');
}

const CLEARED_STATE_COOKIE = `${STATE_COOKIE}=; Path=${COOKIE_PATH}; Expires=Thu, 01 Jan 1970 00:00:00 GMT`;

/** Log in with Twitch: the authorization-code flow, ending in the service's own 1-hour JWT. */
@Public()
@Controller('auth/twitch')
export class AuthController {
  private readonly logger = new Logger(AuthController.name);

  constructor(
    private readonly auth: AuthService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  /**
   * `?moderator=true`: an administrator also lends the tracker a token to read chatters with.
   * `?reader=true`: an administrator also lends their account to read chat as (100 more channels).
   * `?returnTo=/path`: the callback ends on that page of this service instead of answering JSON.
   */
  @Get()
  async start(
    @Query() query: LoginStartQuery,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    const { authorizeUrl, browserNonce, ttlMs } = await this.auth.startLogin(
      query.moderator === 'true',
      query.returnTo,
      query.reader === 'true',
    );
    response.header('Set-Cookie', stateCookie(request, browserNonce, ttlMs)).redirect(authorizeUrl, 302);
  }

  @Get('callback')
  async callback(
    @Query() query: LoginCallbackQuery,
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
  ): Promise<void> {
    response.header('Set-Cookie', CLEARED_STATE_COOKIE);
    let login: LoginResult;
    try {
      login = await this.auth.completeLogin({
        code: query.code,
        state: query.state,
        error: query.error,
        browserNonce: readCookie(request, STATE_COOKIE),
      });
    } catch (error) {
      if (error instanceof ReturnableLoginError) return this.returnWithError(response, error);
      const failure = describeFailure(error);
      if (failure)
        throw new HttpException({ statusCode: failure.status, message: failure.message }, failure.status);
      throw error;
    }
    const { returnTo, ...result } = login;
    // A page chosen at /auth/twitch wins over the deployment's default.
    const target = returnTo ?? this.config.successRedirect;
    if (target) {
      redirectWithFragment(response, target, {
        access_token: result.accessToken,
        token_type: result.tokenType,
        expires_in: String(result.expiresIn),
      });
      return;
    }
    response
      .header('Cache-Control', 'no-store')
      .code(200)
      .send({ ...result, user: toUserModel(result.user) });
  }

  /** The page that started the login gets the error in its fragment, with the message JSON would carry. */
  private returnWithError(response: FastifyReply, error: ReturnableLoginError): void {
    const failure = describeFailure(error.cause);
    if (!failure) {
      this.logger.error(
        `Login failed: ${error.message}`,
        error.cause instanceof Error ? error.cause.stack : undefined,
      );
    }
    redirectWithFragment(response, error.returnTo, {
      error: (failure && OAUTH_ERRORS[failure.status]) ?? 'server_error',
      error_description: failure?.message ?? 'The login failed on the server; try again',
    });
  }
}
