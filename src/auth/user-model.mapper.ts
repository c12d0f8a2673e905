import type { UserModel } from './models/user.model';
import type { UserRecord } from './users.service';

export function toUserModel(user: UserRecord): UserModel {
  return {
    id: user.twitchId,
    login: user.login,
    displayName: user.displayName,
    profileImageUrl: user.profileImageUrl,
    email: user.email,
    isAdmin: user.isAdmin,
  };
}
