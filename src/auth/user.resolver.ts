import { Query, Resolver } from '@nestjs/graphql';
import { fieldCost, WORK_COST } from '../common/graphql/query-cost';
import type { AuthUser } from './auth-user';
import { CurrentUser } from './decorators/current-user.decorator';
import { UserModel } from './models/user.model';
import { UsersService } from './users.service';
import { toUserModel } from './user-model.mapper';

@Resolver(() => UserModel)
export class UserResolver {
  constructor(private readonly users: UsersService) {}

  @Query(() => UserModel, {
    description: 'The user the token belongs to.',
    complexity: fieldCost(WORK_COST.sqlRead),
  })
  async me(@CurrentUser() caller: AuthUser): Promise<UserModel> {
    return toUserModel(await this.users.byId(caller.userId));
  }
}
