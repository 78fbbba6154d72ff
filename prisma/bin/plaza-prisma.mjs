#!/usr/bin/env node
// A JavaScript entry so the bin runs under plain node wherever pnpm links it; tsx loads the TypeScript CLI.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
