import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { IdentityContext } from '../context.ts';
import type { AuthResult } from './auth.service.ts';
import { signInInput, signUpInput } from './auth.validation.ts';

export const authMutations = {
  signUp: (_: unknown, args: { input: unknown }, { services }: IdentityContext) =>
    services.auth.signUp(parseInput(signUpInput, args.input)),
  signIn: (_: unknown, args: { input: unknown }, { services }: IdentityContext) =>
    services.auth.signIn(parseInput(signInInput, args.input)),
  switchOrganization: (_: unknown, args: { organizationId: string }, { viewer, services }: IdentityContext) =>
    services.auth.switchOrganization(viewer, parseInput(idSchema, args.organizationId)),
};

export const AuthPayload = {
  // The request that signs in is anonymous; the payload still shows the user their own details.
  user: async (payload: AuthResult, _: unknown, { loaders }: IdentityContext) => {
    const user = await loaders.userById.load(payload.userId);
    return user && { ...user, viewedBySelf: true };
  },
  organization: (payload: AuthResult, _: unknown, { loaders }: IdentityContext) =>
    payload.organizationId ? loaders.organizationById.load(payload.organizationId) : null,
};
