import { ArgsType, Field, ID, Int, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

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
  parity?: Parity;

  @Field(() => Int, { nullable: true, description: 'Only streams with exactly this many viewers.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  viewerCount?: number;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  gameId?: string;

  @Field(() => Int, { nullable: true, defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(100)
  first = 50;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;
}
