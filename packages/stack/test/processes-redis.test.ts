import { describeProcessCrashes } from './support/process-crashes.ts';

// The whole supergraph as docker-compose runs it: every subgraph and the gateway a process of
// its own, on PostgreSQL and Redis (Streams for events, pub/sub for live updates).
describeProcessCrashes('redis');
