import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'auth:public';

/** Opts a route or resolver out of the global JWT guard. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
