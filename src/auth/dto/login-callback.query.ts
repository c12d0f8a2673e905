import { IsOptional, IsString, MaxLength } from 'class-validator';

/** A repeated parameter arrives as an array: refused here rather than reaching the state check. */
const ONCE = { message: '$property must be given once' };

/** What Twitch (or whoever calls the callback) puts in its query; anything else is dropped. */
export class LoginCallbackQuery {
  @IsOptional()
  @IsString(ONCE)
  @MaxLength(512)
  code?: string;

  @IsOptional()
  @IsString(ONCE)
  @MaxLength(128)
  state?: string;

  @IsOptional()
  @IsString(ONCE)
  @MaxLength(200)
  error?: string;
}
