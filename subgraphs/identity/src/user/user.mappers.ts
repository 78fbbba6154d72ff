export type { UserView as UserMapper } from './user.service.ts';
