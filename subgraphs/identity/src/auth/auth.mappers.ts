export type { AuthResult as AuthPayloadMapper } from './auth.service.ts';
