import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, gatewayProcessSettings, loadConfig, subgraphProcessSettings, testSettings } from '@plaza/config';
import { topology } from '@plaza/topology';
import { loadSubgraphModules } from '../src/index.ts';

/** The variable names of the README's configuration table (first column). */
function documentedVariables(): Set<string> {
  const readme = readFileSync(join(dirname(topology().file), 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const table = section.slice(0, section.indexOf('\n## ', 5));
  return new Set([...table.matchAll(/^\| `([A-Z0-9_<>]+)`\s*\|/gm)].map((match) => match[1]!));
}

/** Names every process reads, with a subgraph's name in a variable every subgraph reads written as `<NAME>`. */
async function readVariables(): Promise<Set<string>> {
  const names = topology().subgraphs.map((entry) => entry.name.toUpperCase().replaceAll('-', '_'));
  const perSubgraph = new RegExp(`^(${names.join('|')})_`);
  const modules = await loadSubgraphModules();
  const schemas = [
    gatewayProcessSettings(),
    subgraphProcessSettings(modules[0]!.createSubgraph.settings),
    testSettings,
    ...modules.map((m) => m.createSubgraph.settings),
  ];
  const all = new Set(schemas.flatMap((schema) => Object.keys(schema.shape)));
  // A setting every subgraph reads under its own name (COMMERCE_DATABASE_URL, …) is one row,
  // `<NAME>_…`; one only a single subgraph reads (COMMERCE_DOWNLOAD_SECRET) is documented as is.
  const prefixesOf = new Map<string, Set<string>>();
  for (const name of all) {
    const prefix = perSubgraph.exec(name)?.[1];
    if (!prefix) continue;
    const generic = name.replace(perSubgraph, '<NAME>_');
    prefixesOf.set(generic, (prefixesOf.get(generic) ?? new Set()).add(prefix));
  }
  return new Set(
    [...all].map((name) => {
      const generic = name.replace(perSubgraph, '<NAME>_');
      return (prefixesOf.get(generic)?.size ?? 0) > 1 ? generic : name;
    }),
  );
}

describe('configuration', () => {
  it('documents in the README exactly the variables the processes read', async () => {
    const documented = documentedVariables();
    const read = await readVariables();
    expect({
      undocumented: [...read].filter((name) => !documented.has(name)).sort(),
      notRead: [...documented].filter((name) => !read.has(name)).sort(),
    }).toEqual({
      undocumented: [],
      notRead: [],
    });
  });

  it('stops a start naming each bad variable and what it accepts', () => {
    const start = () =>
      loadConfig(gatewayProcessSettings(), { PLAZA_EVENT_BUS: 'kafka', PLAZA_SUBSCRIPTION_RECHECK_MS: 'soon', PORT: '99999' });
    expect(start).toThrow(ConfigError);
    expect(start).toThrow(/PLAZA_EVENT_BUS: Invalid option: expected one of "memory"\|"redis"\|"nats" \(got "kafka"\)/);
    expect(start).toThrow(
      /PLAZA_SUBSCRIPTION_RECHECK_MS: .*milliseconds.*\(got "soon"\)|PLAZA_SUBSCRIPTION_RECHECK_MS: .*number.*\(got "soon"\)/,
    );
    expect(start).toThrow(/PORT: must be 0–65535 \(got "99999"\)/);
  });

  it('treats empty values as unset and applies the defaults', () => {
    const config = loadConfig(gatewayProcessSettings(), { PLAZA_EVENT_BUS: '', PORT: '' });
    expect(config).toMatchObject({ PLAZA_EVENT_BUS: 'memory', PLAZA_SUBSCRIPTION_RECHECK_MS: 30_000, REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(config.PORT).toBeUndefined();
  });
});
