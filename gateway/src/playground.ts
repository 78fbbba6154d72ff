import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

/** One tab per domain, opened on first visit: each runs as it stands once signed in. */
export const PLAYGROUND_EXAMPLES: { domain: string; query: string }[] = [
  {
    domain: 'Identity',
    query: `# Sign in above: your token goes into every request's Authorization header, refreshed before it expires.
query Me {
  me {
    name
    email
    organizations { name slug viewerRole }
  }
}
`,
  },
  {
    domain: 'Community',
    query: `query HomeFeed {
  homeFeed(first: 5) {
    edges { node { title body likeCount commentCount author { name } } }
  }
  spaces(first: 5) { edges { node { name } } }
}
`,
  },
  {
    domain: 'Commerce',
    query: `query Products {
  products(first: 5) {
    edges { node { name slug status price { amount currency } } }
  }
  cart { id }
}
`,
  },
  {
    domain: 'Scheduling',
    query: `query Events {
  events(first: 5) {
    edges { node { title startsAt endsAt location host { name } } }
  }
}
`,
  },
  {
    domain: 'Learning',
    query: `query Courses {
  courses(first: 5) {
    edges { node { title status instructor { name } } }
  }
}
`,
  },
  {
    domain: 'CRM',
    query: `query Contacts {
  contacts(first: 5) {
    edges { node { name email stage } }
  }
}
`,
  },
  {
    domain: 'Notifications',
    query: `query Notifications {
  unreadNotificationCount
  notifications(first: 5) {
    edges { node { body read createdAt actor { name } } }
  }
}

# Subscriptions run here too, over Server-Sent Events with the same token:
# subscription { notificationAdded { body actor { name } } }
`,
  },
];

/**
 * The sign-in bar and what it does: signs in with identity's signIn, keeps the session in this
 * tab (sessionStorage), adds `Authorization: Bearer <token>` to every request GraphiQL sends to
 * /graphql (unless the Headers tab sets one), refreshes the token a minute before it expires, and
 * starts GraphiQL only once the schema can load — at once where anonymous callers may introspect,
 * else after signing in — so nothing fails before the user has done anything.
 */
const CONTROLLER = `
(() => {
  const ENDPOINT = new URL('/graphql', location.href).href;
  const KEY = 'plaza.playground.session';
  const nativeFetch = window.fetch.bind(window);
  let session = JSON.parse(sessionStorage.getItem(KEY) || 'null');
  const save = (next) => {
    session = next;
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
    else sessionStorage.removeItem(KEY);
  };
  window.fetch = (input, init = {}) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url, location.href);
    if (session && url.origin + url.pathname === ENDPOINT) {
      const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
      if (!headers.has('authorization')) headers.set('authorization', 'Bearer ' + session.token);
      init = { ...init, headers };
    }
    return nativeFetch(input, init);
  };
  const call = async (query, variables, token) => {
    const response = await nativeFetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };
  const $ = (id) => document.getElementById(id);
  const say = (text, isError) => {
    $('plaza-status').textContent = text;
    $('plaza-status').className = isError ? 'plaza-error' : '';
  };
  const show = () => {
    $('plaza-signin').hidden = Boolean(session);
    $('plaza-signout').hidden = !session;
    if (session) say('Signed in as ' + session.email + ' — every request carries Authorization: Bearer …' + session.token.slice(-8) + ' (refreshed automatically)');
  };
  let refreshTimer;
  const scheduleRefresh = () => {
    clearTimeout(refreshTimer);
    if (!session) return;
    const wait = Math.max(5000, new Date(session.expiresAt).getTime() - Date.now() - 60000);
    refreshTimer = setTimeout(() => refresh().catch((error) => say('Could not refresh the token: ' + error.message, true)), wait);
  };
  const refresh = async () => {
    const answer = await call(
      'mutation PlaygroundRefresh($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { token expiresAt refreshToken } }',
      { refreshToken: session.refreshToken },
    );
    const pair = answer.data && answer.data.refreshToken;
    if (!pair) {
      save(null);
      show();
      throw new Error((answer.errors && answer.errors[0].message) || 'no token');
    }
    save({ ...session, ...pair });
    show();
    scheduleRefresh();
  };
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    $('plaza-hint').hidden = true;
    window.plazaStartGraphiQL();
  };
  const signIn = async (event) => {
    event.preventDefault();
    say('Signing in…');
    const email = $('plaza-email').value;
    const answer = await call(
      'mutation PlaygroundSignIn($email: String!, $password: String!) { signIn(input: { email: $email, password: $password }) { token expiresAt refreshToken } }',
      { email, password: $('plaza-password').value },
    ).catch((error) => ({ errors: [{ message: error.message }] }));
    const pair = answer.data && answer.data.signIn;
    if (!pair) return say('Sign-in failed: ' + ((answer.errors && answer.errors[0].message) || 'no token'), true);
    save({ email, ...pair });
    // Afresh, so the schema loads with the token.
    location.reload();
  };
  const signOut = () => {
    save(null);
    location.reload();
  };
  window.addEventListener('DOMContentLoaded', async () => {
    $('plaza-signin').addEventListener('submit', signIn);
    $('plaza-signout').addEventListener('click', signOut);
    show();
    if (session) {
      if (new Date(session.expiresAt).getTime() - Date.now() < 60000) await refresh().catch(() => say('Your session ended: sign in again', true));
      else scheduleRefresh();
      if (session) return start();
    }
    // Anonymous: start at once where the schema is open to anonymous callers (development).
    const probe = await call('query PlaygroundSchemaProbe { __schema { queryType { name } } }').catch(() => ({}));
    if (probe.data && probe.data.__schema) return start();
    $('plaza-hint').hidden = false;
  });
})();
`;

const BAR = `
<style>
  #plaza-bar { display: flex; gap: 12px; align-items: center; height: 44px; padding: 0 12px; box-sizing: border-box;
    font: 14px system-ui, sans-serif; border-bottom: 1px solid #ddd; background: #f7f7f9; color: #222; }
  #plaza-bar form { display: flex; gap: 6px; align-items: center; margin: 0; }
  #plaza-bar input { font: inherit; padding: 3px 6px; width: 13em; }
  #plaza-bar .plaza-error { color: #b00020; }
  #plaza-hint { padding: 24px; font: 16px system-ui, sans-serif; }
  #root { height: calc(100vh - 44px) !important; }
  body { margin: 0; }
</style>
<div id="plaza-bar">
  <strong>Plaza</strong>
  <form id="plaza-signin">
    <input id="plaza-email" type="email" autocomplete="username" placeholder="email (demo: ada@plaza.test)" required />
    <input id="plaza-password" type="password" autocomplete="current-password" placeholder="password" required />
    <button type="submit">Sign in</button>
  </form>
  <button id="plaza-signout" type="button" hidden>Sign out</button>
  <span id="plaza-status" role="status"></span>
</div>
<div id="plaza-hint" hidden>Sign in above to load the schema: this gateway shows it to signed-in users only.</div>
`;

let cached: string | undefined;

/**
 * GraphiQL with every script and stylesheet inlined from the npm package (no CDN: works with no
 * internet), under a sign-in bar that puts the token into requests itself. Example operations
 * for every domain open as tabs on first visit.
 */
export function playgroundHtml(): string {
  cached ??= withSignIn(
    renderGraphiQL({
      title: 'Plaza',
      endpoint: '/graphql',
      defaultQuery: PLAYGROUND_EXAMPLES[0]!.query,
      defaultTabs: PLAYGROUND_EXAMPLES.map(({ query }) => ({ query, headers: '{}' })),
      headers: '{}',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      // Subscriptions as event streams: they carry the Authorization header like queries do.
      subscriptionsProtocol: 'GRAPHQL_SSE',
    }),
  );
  return cached;
}

/** Starts GraphiQL when the controller says (the render call becomes a function) and adds the bar. */
function withSignIn(html: string): string {
  const render = /YogaGraphiQL\.renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*(\{[\s\S]*?\}),\s*\);\s*<\/script>/;
  if (!render.test(html)) throw new Error('@graphql-yoga/render-graphiql changed its page: playground.ts no longer finds its render call');
  return html
    .replace(
      render,
      (_match, options: string) =>
        `window.plazaStartGraphiQL = () => YogaGraphiQL.renderYogaGraphiQL(window.document.querySelector('#root'), ${options});\n</script>`,
    )
    .replace('</head>', () => `<script>${CONTROLLER}</script>\n</head>`)
    .replace('<div id="root"></div>', () => `${BAR}<div id="root"></div>`);
}
