import { configureLogging } from '@plaza/subgraph-kit';

// Servers under test log nothing unless LOG_LEVEL asks: test output stays the test's own.
const level = process.env.LOG_LEVEL;
configureLogging({ level: level === 'debug' || level === 'info' || level === 'warn' || level === 'error' ? level : 'silent' });
