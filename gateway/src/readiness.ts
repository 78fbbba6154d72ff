/** How long the gateway waits for one subgraph's readiness answer. */
const READINESS_TIMEOUT_MS = 2_000;

interface SubgraphReadiness {
  status: 'ready' | 'unavailable';
  /** Why not ready: the subgraph's own answer (its database), or why it could not be asked. */
  reason?: string;
}

export interface GatewayReadiness {
  status: 'ready' | 'unavailable';
  service: 'gateway';
  subgraphs: Record<string, SubgraphReadiness>;
}

async function readinessOf(graphqlUrl: string, timeoutMs: number): Promise<SubgraphReadiness> {
  try {
    const response = await fetch(new URL('/ready', graphqlUrl), { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok ? { status: 'ready' } : { status: 'unavailable', reason: `answered HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    if ((error as { name?: unknown }).name === 'TimeoutError') return { status: 'unavailable', reason: `no answer within ${timeoutMs} ms` };
    if (cause?.code === 'ECONNREFUSED') return { status: 'unavailable', reason: 'connection refused' };
    return { status: 'unavailable', reason: 'unreachable' };
  }
}

/**
 * Asks every subgraph's GET /ready (process up, database answering) at once. The gateway is
 * ready only when all are: a load balancer keeps traffic away while one is down, and an
 * operator sees which one. Reasons never carry a subgraph's address.
 */
export async function checkSubgraphs(subgraphUrls: Record<string, string>, timeoutMs = READINESS_TIMEOUT_MS): Promise<GatewayReadiness> {
  const entries = await Promise.all(
    Object.entries(subgraphUrls).map(async ([name, url]) => [name, await readinessOf(url, timeoutMs)] as const),
  );
  const subgraphs = Object.fromEntries(entries);
  return {
    status: entries.every(([, readiness]) => readiness.status === 'ready') ? 'ready' : 'unavailable',
    service: 'gateway',
    subgraphs,
  };
}
