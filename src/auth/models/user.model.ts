import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType('User', { description: 'The logged-in Twitch user.' })
export class UserModel {
  @Field(() => ID, { description: 'Twitch user id.' })
  id: string;

  @Field()
  login: string;

  @Field()
  displayName: string;

  @Field(() => String, { nullable: true })
  profileImageUrl: string | null;

  @Field(() => String, { nullable: true, description: 'Present when `user:read:email` was granted.' })
  email: string | null;

  @Field()
  isAdmin: boolean;
}
