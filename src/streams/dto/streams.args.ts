import { ArgsType, Field, ID, Int, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsIntInRange, NullMeansDefault } from '../../common/graphql/arg-validators';

export enum Parity {
  ODD = 'ODD',
  EVEN = 'EVEN',
}

registerEnumType(Parity, { name: 'Parity' });

@ArgsType()
export class StreamsArgs {
  @Field(() => Parity, { nullable: true, description: 'Only streams whose viewer count is odd or even.' })
  @IsOptional()
  @IsEnum(Parity)
  parity?: Parity | null;

  @Field(() => Int, { nullable: true, description: 'Only streams with exactly this many viewers.' })
  @IsOptional()
  @IsIntInRange(0)
  viewerCount?: number | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{1,32}$/, { message: 'gameId must be a Twitch game id (1 to 32 digits)' })
  gameId?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 50, description: '1..100' })
  @NullMeansDefault(50)
  @IsIntInRange(1, 100)
  first = 50;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string | null;
}
