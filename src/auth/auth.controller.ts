import { Controller, Get, HttpException, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Inject } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DomainError, ErrorCode } from '../common/domain-error';
import { authConfig } from '../config';
import { AuthService, LoginRejectedError } from './auth.service';
import { Public } from './decorators/public.decorator';
import { LoginCallbackQuery } from './dto/login-callback.query';
import { LoginStartQuery } from './dto/login-start.query';
import { toUserModel } from './user-model.mapper';

const STATE_COOKIE = 'tmt_oauth_state';
const COOKIE_PATH = '/auth/twitch';

/** A cookie that does not decode (`%E0%A4%A`) was not set by us: as good as none. */
function readCookie(request: Request, name: string): string | undefined {
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

/** Log in with Twitch: the authorization-code flow, ending in the service's own 1-hour JWT. */
@Public()
@Controller('auth/twitch')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  /** `?moderator=true`: an administrator also lends the tracker a token to read chatters with. */
  @Get()
  async start(
    @Query() query: LoginStartQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const { authorizeUrl, browserNonce, ttlMs } = await this.auth.startLogin(query.moderator === 'true');
    response.cookie(STATE_COOKIE, browserNonce, {
      httpOnly: true,
      sameSite: 'lax',
      secure: request.secure,
      path: COOKIE_PATH,
      maxAge: ttlMs,
    });
    response.redirect(302, authorizeUrl);
  }

  @Get('callback')
  async callback(
    @Query() query: LoginCallbackQuery,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    response.clearCookie(STATE_COOKIE, { path: COOKIE_PATH });
    try {
      const login = await this.auth.completeLogin({
        code: query.code,
        state: query.state,
        error: query.error,
        browserNonce: readCookie(request, STATE_COOKIE),
      });
      const body = { ...login, user: toUserModel(login.user) };
      if (this.config.successRedirect) {
        const fragment = new URLSearchParams({
          access_token: login.accessToken,
          token_type: login.tokenType,
          expires_in: String(login.expiresIn),
        });
        response.redirect(302, `${this.config.successRedirect}#${fragment.toString()}`);
        return;
      }
      response.setHeader('Cache-Control', 'no-store');
      response.status(200).json(body);
    } catch (error) {
      if (error instanceof LoginRejectedError)
        throw new HttpException({ statusCode: error.status, message: error.message }, error.status);
      // The service is stopping.
      if (error instanceof DomainError && error.code === ErrorCode.Unavailable)
        throw new HttpException({ statusCode: 503, message: error.message }, 503);
      throw error;
    }
  }
}
