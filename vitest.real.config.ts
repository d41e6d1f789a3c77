// The real-Asterisk tier: a real Asterisk 22.10.1 started from asterisk-config/, real SIP phones
// (baresip) and the real engine. One file at a time in one fork: audio timing must not compete
// with other suites for the CPU. `npm test` runs it after the fast suite.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/real/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts', 'test/real/real-tier-setup.ts'],
    reporters: ['default', './test/real/real-tier-reporter.ts'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
