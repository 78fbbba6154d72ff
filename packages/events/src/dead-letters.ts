import { parseArgs } from 'node:util';
import { errorText, type DeadLetter, type DeadLetterStore } from './dead-letter.ts';
import { NatsDeadLetterStore, type NatsDeadLetterStoreOptions } from './nats-dead-letter-store.ts';
import { RedisDeadLetterStore, type RedisDeadLetterStoreOptions } from './redis-dead-letter-store.ts';

export type DeadLetterStoreOptions = ({ bus: 'redis' } & RedisDeadLetterStoreOptions) | ({ bus: 'nats' } & NatsDeadLetterStoreOptions);

/** The dead-letter store of a Redis or NATS bus, named as the bus names it (same stream options). */
export function openDeadLetterStore(options: DeadLetterStoreOptions): DeadLetterStore {
  switch (options.bus) {
    case 'redis':
      return new RedisDeadLetterStore(options);
    case 'nats':
      return new NatsDeadLetterStore(options);
  }
}

export const DEAD_LETTERS_USAGE = `Usage: plaza-dead-letters list|replay [<key>|--all] --bus redis|nats [options]

Commands
  list                        the dead letters, oldest first
  replay <key>                publish one again to its group (key from list), then remove it
  replay --all                the same for every dead letter (of --group)

Options
  --bus redis|nats            the bus that wrote them (required)
  --url <url>                 default redis://127.0.0.1:6379 or nats://127.0.0.1:4222
  --stream <name>             the bus's main stream: default plaza:events (redis), PLAZA_EVENTS (nats)
  --dead-letter-stream <name> default <stream>:dead (redis), <stream>_DEAD (nats)
  --subject-prefix <prefix>   nats: where events are published; default plaza.events
  --group <name>              only this consumer group's dead letters
  --limit <n>                 list at most n; default 100
  --json                      JSON instead of a table
`;

export interface DeadLettersCommandResult {
  output: string;
  /** 0 done, 1 failed (or some replays failed), 2 wrong usage. */
  exitCode: 0 | 1 | 2;
}

/**
 * The operator's command line (bin/plaza-dead-letters.ts): list or replay the dead letters of a
 * Redis or NATS bus. Everything comes from `args`; nothing is read from the environment.
 */
export async function runDeadLettersCommand(args: readonly string[]): Promise<DeadLettersCommandResult> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        bus: { type: 'string' },
        url: { type: 'string' },
        stream: { type: 'string' },
        'dead-letter-stream': { type: 'string' },
        'subject-prefix': { type: 'string' },
        group: { type: 'string' },
        limit: { type: 'string' },
        all: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usageError(errorText(error));
  }
  const { values, positionals } = parsed;
  const [command, key, ...extra] = positionals;
  if (values.help) return { output: DEAD_LETTERS_USAGE, exitCode: 0 };
  if (command !== 'list' && command !== 'replay')
    return usageError(`The command must be list or replay; got ${command === undefined ? 'none' : `"${command}"`}`);
  if (values.bus !== 'redis' && values.bus !== 'nats')
    return usageError(`--bus must be redis or nats; got ${values.bus === undefined ? 'none' : `"${values.bus}"`}`);
  if (extra.length) return usageError(`Unexpected arguments after the key: ${extra.join(' ')}`);
  if (command === 'list' && (key !== undefined || values.all))
    return usageError('list takes no key and no --all; use --group and --limit to narrow it');
  if (command === 'replay' && (key === undefined) === !values.all) return usageError('replay takes either one key or --all');
  const limit = values.limit === undefined ? 100 : Number(values.limit);
  if (!Number.isInteger(limit) || limit <= 0) return usageError(`--limit must be a positive whole number; got "${values.limit}"`);
  if (values.bus === 'redis' && values['subject-prefix'] !== undefined) return usageError('--subject-prefix applies to nats only');

  const url = values.url ?? (values.bus === 'redis' ? 'redis://127.0.0.1:6379' : 'nats://127.0.0.1:4222');
  const store =
    values.bus === 'redis'
      ? openDeadLetterStore({ bus: 'redis', url, stream: values.stream, deadLetterStream: values['dead-letter-stream'] })
      : openDeadLetterStore({
          bus: 'nats',
          url,
          stream: values.stream,
          deadLetterStream: values['dead-letter-stream'],
          subjectPrefix: values['subject-prefix'],
        });
  try {
    if (command === 'list') {
      const deadLetters = await store.list({ group: values.group, limit });
      return { output: values.json ? `${JSON.stringify(deadLetters, null, 2)}\n` : formatDeadLetters(deadLetters), exitCode: 0 };
    }
    if (key !== undefined) {
      const deadLetter = await store.replay(key);
      return {
        output: values.json ? `${JSON.stringify({ replayed: [deadLetter], failed: [] }, null, 2)}\n` : `Replayed ${describe(deadLetter)}\n`,
        exitCode: 0,
      };
    }
    const result = await store.replayAll({ group: values.group });
    const output = values.json
      ? `${JSON.stringify(result, null, 2)}\n`
      : [
          ...result.replayed.map((deadLetter) => `Replayed ${describe(deadLetter)}`),
          ...result.failed.map(({ key: failedKey, error }) => `Not replayed ${failedKey}: ${error}`),
          `${result.replayed.length} replayed, ${result.failed.length} not replayed`,
        ].join('\n') + '\n';
    return { output, exitCode: result.failed.length ? 1 : 0 };
  } catch (error) {
    return {
      output: `Could not ${command} dead letters of the ${values.bus} bus at ${withoutPassword(url)}: ${errorText(error)}\n`,
      exitCode: 1,
    };
  } finally {
    await store.close().catch(() => {});
  }
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

function usageError(message: string): DeadLettersCommandResult {
  return { output: `${message}\n\n${DEAD_LETTERS_USAGE}`, exitCode: 2 };
}

const describe = (deadLetter: DeadLetter) =>
  `${deadLetter.key}: event ${deadLetter.eventId ?? '?'} (${deadLetter.type ?? '?'}) to group ${deadLetter.group}`;

/** A table for a terminal: one dead letter a line, the last error last and unpadded. */
export function formatDeadLetters(deadLetters: readonly DeadLetter[]): string {
  if (!deadLetters.length) return 'No dead letters.\n';
  const rows = [
    ['KEY', 'EVENT ID', 'TYPE', 'GROUP', 'DELIVERIES', 'DEAD AT', 'LAST ERROR'],
    ...deadLetters.map((d) => [
      d.key,
      d.eventId ?? '?',
      d.type ?? '?',
      d.group,
      String(d.deliveries),
      d.deadAt,
      d.lastError.replaceAll('\n', ' '),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return (
    rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n') +
    '\n'
  );
}
