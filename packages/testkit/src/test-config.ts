import { randomBytes } from 'node:crypto';
import { dataSettings, loadConfig, messagingSettings, testSettings } from '@plaza/config';
import { testDatabaseServer, type TestDatabaseServer } from '@plaza/db';

/** What integration tests read of their environment, parsed once per process. */
export interface TestConfig {
  databases: TestDatabaseServer;
  redisUrl: string;
  natsUrl: string;
  /**
   * Names this test run's databases and data folders, so the run's global teardown can drop what
   * crashed workers left. Set by the global setup (PLAZA_TEST_RUN_ID); random outside vitest.
   */
  runId: string;
  /** PLAZA_TEST_SUBGRAPHS: the subgraphs a worker's shared stack starts (default all). */
  sharedSubgraphs?: readonly string[];
}

let cached: TestConfig | undefined;

export function testConfig(): TestConfig {
  if (cached) return cached;
  const settings = loadConfig(
    testSettings.extend({
      DATABASE_URL: dataSettings.shape.DATABASE_URL,
      REDIS_URL: messagingSettings.shape.REDIS_URL,
      NATS_URL: messagingSettings.shape.NATS_URL,
    }),
  );
  cached = {
    databases: testDatabaseServer(settings),
    redisUrl: settings.REDIS_URL,
    natsUrl: settings.NATS_URL,
    runId: settings.PLAZA_TEST_RUN_ID ?? randomBytes(3).toString('hex'),
    sharedSubgraphs: settings.PLAZA_TEST_SUBGRAPHS,
  };
  return cached;
}
