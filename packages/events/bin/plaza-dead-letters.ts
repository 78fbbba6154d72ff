#!/usr/bin/env -S npx tsx
// Lists or replays the dead letters of a Redis or NATS event bus: `plaza-dead-letters --help`.
import { runDeadLettersCommand } from '../src/dead-letters.ts';

const { output, exitCode } = await runDeadLettersCommand(process.argv.slice(2));
(exitCode === 0 ? process.stdout : process.stderr).write(output);
process.exitCode = exitCode;
