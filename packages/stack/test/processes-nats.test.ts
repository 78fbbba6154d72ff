import { describeProcessCrashes } from './support/process-crashes.ts';

// The same crashes on NATS JetStream, with the three subgraphs they involve.
describeProcessCrashes('nats', ['identity', 'community', 'notifications']);
