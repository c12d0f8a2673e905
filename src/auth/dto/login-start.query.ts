import { IsIn, IsOptional } from 'class-validator';

export class LoginStartQuery {
  /** `true`: an administrator also lends the tracker a token to read chatters with. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'moderator must be true or false, given once' })
  moderator?: 'true' | 'false';
}
