import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

const EXAMPLE_QUERY = `# Plaza — one endpoint for community, commerce, CRM, scheduling and learning.
# 1. Run signIn below, copy the token into Headers as {"Authorization": "Bearer <token>"}.
# 2. Then run Me. Subscriptions run here too (over Server-Sent Events, same headers).

mutation SignIn {
  signIn(input: { email: "ada@plaza.test", password: "plaza-demo-password" }) {
    token
    organization { name }
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
    headers: JSON.stringify({ Authorization: 'Bearer <paste the token from signIn>' }, null, 2),
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: true,
    // Subscriptions as GET /graphql/stream event streams: they carry the Headers tab's
    // Authorization like queries do, where a WebSocket's connection_init could not.
    subscriptionsProtocol: 'GRAPHQL_SSE',
  });
  return cached;
}
