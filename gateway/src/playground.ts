import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

const EXAMPLE_QUERY = `# Plaza — one endpoint for community, commerce, CRM, scheduling and learning.
# 1. Run SignIn below, then put its token in the Headers tab: {"Authorization": "Bearer <token>"}.
# 2. Then run Me. Subscriptions run here too (over Server-Sent Events, same headers).
# 3. The token lasts 15 minutes (expiresAt): run Refresh with the refreshToken signIn gave
#    (each refresh token works once; Refresh returns the next one), then use the new token.

mutation SignIn {
  signIn(input: { email: "ada@plaza.test", password: "plaza-demo-password" }) {
    token
    expiresAt
    refreshToken
    organization { name }
  }
}

mutation Refresh {
  refreshToken(refreshToken: "<refreshToken from SignIn or the last Refresh>") {
    token
    expiresAt
    refreshToken
  }
}

query Me {
  me {
    name
    email
    organizations { name slug viewerRole }
  }
}
`;

let cached: string | undefined;

/**
 * GraphiQL with every script and stylesheet inlined from the npm package, so the playground
 * works with no internet. The headers editor is where the Authorization header goes.
 */
export function playgroundHtml(): string {
  cached ??= renderGraphiQL({
    title: 'Plaza',
    endpoint: '/graphql',
    defaultQuery: EXAMPLE_QUERY,
    // No placeholder header: the schema loads on first open (introspection is open to anonymous
    // callers in development, and to signed-in ones always); the example says what to paste.
    headers: '{}',
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: true,
    // Subscriptions as GET /graphql/stream event streams: they carry the Headers tab's
    // Authorization like queries do, where a WebSocket's connection_init could not.
    subscriptionsProtocol: 'GRAPHQL_SSE',
  });
  return cached;
}
