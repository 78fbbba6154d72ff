import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

/** `supergraph.yaml` at the repository root; the file every tool reads the subgraph list from. */
export const DEFAULT_TOPOLOGY_FILE = fileURLToPath(new URL('../../../supergraph.yaml', import.meta.url));

const subgraphName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes');

const entrySchema = z
  .object({
    package: z.string().min(1),
    path: z.string().min(1),
    port: z.number().int().min(1).max(65_535),
    events: z
      .object({ publishes: z.boolean().default(false), consumes: subgraphName.optional() })
      .strict()
      .default({ publishes: false }),
  })
  .strict();

const fileSchema = z.object({ subgraphs: z.record(subgraphName, entrySchema) }).strict();

/** One subgraph of the supergraph, with every path resolved. */
export interface SubgraphEntry {
  name: string;
  /** Workspace package name, e.g. `@plaza/identity`. */
  package: string;
  /** Absolute folder of the package. */
  dir: string;
  /** Folder whose `*.graphql` files are the subgraph's SDL. */
  sdlDir: string;
  /** URL of the module exporting `name` and `createSubgraph`. */
  entryUrl: string;
  /** Default port when run on its own (and in the one-process stack on the documented ports). */
  port: number;
  /** Records domain events in an outbox that a relay publishes. */
  publishesEvents: boolean;
  /** Consumer group it reads the event bus as, or null. */
  consumerGroup: string | null;
}

export interface Topology {
  /** The file it was read from. */
  file: string;
  subgraphs: readonly SubgraphEntry[];
}

/** Reads and validates a topology file; throws naming the file and the broken entry. */
export function readTopology(file: string = DEFAULT_TOPOLOGY_FILE): Topology {
  const root = dirname(resolve(file));
  const parsed = fileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`${file} is not a valid subgraph list: ${problems}`);
  }
  const subgraphs = Object.entries(parsed.data.subgraphs).map(([name, entry]): SubgraphEntry => {
    const dir = join(root, entry.path);
    return {
      name,
      package: entry.package,
      dir,
      sdlDir: join(dir, 'src'),
      entryUrl: pathToFileURL(join(dir, 'src', 'index.ts')).href,
      port: entry.port,
      publishesEvents: entry.events.publishes,
      consumerGroup: entry.events.consumes ?? null,
    };
  });
  const ports = new Map<number, string>();
  for (const { name, port } of subgraphs) {
    const other = ports.get(port);
    if (other) throw new Error(`${file}: subgraphs ${other} and ${name} both use port ${port}`);
    ports.set(port, name);
  }
  return { file, subgraphs };
}

let cached: Topology | undefined;

/** The repository's subgraph list (read once per process). */
export function topology(): Topology {
  cached ??= readTopology();
  return cached;
}

/** Consumer groups every domain event must reach (what the in-process bus waits for). */
export function consumerGroupsOf(subgraphs: readonly SubgraphEntry[]): string[] {
  return subgraphs.flatMap((entry) => (entry.consumerGroup ? [entry.consumerGroup] : []));
}

/** Environment variable holding one subgraph's routing URL, e.g. `COMMERCE_URL`. */
export const urlVariableOf = (name: string) => `${name.toUpperCase().replaceAll('-', '_')}_URL`;

/** Where a subgraph listens when run on its default port on this machine. */
export const defaultUrlOf = (entry: Pick<SubgraphEntry, 'port'>) => `http://127.0.0.1:${entry.port}/graphql`;
