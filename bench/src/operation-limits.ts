import { startTestStack } from '@plaza/testkit';

const RUNS = 20;

/** The abusive shapes of issue 13 (and one ordinary screen), as documents. */
function shapes(): { name: string; query: string; anonymous?: boolean }[] {
  const nested = (levels: number) => {
    const steps = ['posts(first: 1)', 'edges', 'node', 'author'];
    let open = 'me {';
    for (let depth = 1; depth < levels; depth++) open += ` ${steps[(depth - 1) % steps.length]} {`;
    return `{ ${open} __typename ${'}'.repeat(levels)} }`;
  };
  const aliases = (count: number) =>
    `{ ${Array.from({ length: count }, (_, i) => `a${i}: homeFeed(first: 20) { edges { node { title author { name } } } }`).join(' ')} }`;
  return [
    { name: 'query nested 61 levels', query: nested(61) },
    { name: 'anonymous query nested 601 levels', query: nested(601), anonymous: true },
    { name: '1,000 aliases of homeFeed', query: aliases(1_000) },
    { name: '100 aliases of homeFeed', query: aliases(100) },
    { name: '1 MB document of 60,000 aliases', query: `{ ${Array.from({ length: 60_000 }, (_, i) => `a${i}: __typename`).join(' ')} }` },
    {
      name: 'pages of 100 within pages of 100 (cost)',
      query: '{ homeFeed(first: 100) { edges { node { comments(first: 100) { edges { node { body } } } } } } }',
    },
    { name: 'ordinary home feed page (accepted)', query: '{ homeFeed(first: 20) { edges { node { title author { name } } } } }' },
  ];
}

/** Wall time from sending each shape to its answer through the gateway (PGlite stack, loopback). */
async function measureOperationLimits() {
  const stack = await startTestStack({ only: ['identity', 'community'] });
  try {
    const owner = await stack.createOrganization({ name: 'Bench' });
    const rows = [];
    for (const shape of shapes()) {
      const durations: number[] = [];
      let answer = '';
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now();
        const response = await fetch(stack.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(shape.anonymous ? {} : { authorization: `Bearer ${owner.token}` }) },
          body: JSON.stringify({ query: shape.query }),
        });
        const body = (await response.json()) as { errors?: { extensions?: { code?: string; limit?: string } }[] };
        durations.push(performance.now() - started);
        const error = body.errors?.[0]?.extensions;
        answer = error ? `${response.status} ${error.code} (${error.limit})` : `${response.status} answered`;
      }
      durations.sort((a, b) => a - b);
      rows.push({ ...shape, answer, p50: durations[Math.floor(RUNS / 2)]!, max: durations[RUNS - 1]! });
    }
    return rows;
  } finally {
    await stack.stop();
  }
}

export async function reportOperationLimits() {
  console.log(`operation limits, ${RUNS} requests of each shape through the gateway, time to the answer:`);
  for (const row of await measureOperationLimits()) {
    console.log(`  ${row.name.padEnd(42)} ${row.answer.padEnd(44)} p50 ${row.p50.toFixed(1)} ms, max ${row.max.toFixed(1)} ms`);
  }
}
