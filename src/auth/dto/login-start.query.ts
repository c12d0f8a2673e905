import { IsIn, IsOptional, IsString } from 'class-validator';
import { IsSameOriginPath, RETURN_TO_MAX_LENGTH } from './same-origin-path';

export class LoginStartQuery {
  /** `true`: an administrator also lends the tracker a token to read chatters with. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'moderator must be true or false, given once' })
  moderator?: 'true' | 'false';

  /** `true`: an administrator also lends the tracker their account to read chat as (100 more channels). */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'reader must be true or false, given once' })
  reader?: 'true' | 'false';

  /** A page of this service to come back to, with the token in the fragment (the dashboard's login). */
  @IsOptional()
  @IsString({ message: 'returnTo must be given once' })
  @IsSameOriginPath({
    message:
      `returnTo must be a path on this service: one leading /, printable ASCII (percent-encode the rest), ` +
      `no backslash, no #fragment, at most ${RETURN_TO_MAX_LENGTH} characters`,
  })
  returnTo?: string;
}
