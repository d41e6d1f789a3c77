// Decides whether the real-Asterisk tier can run. In CI (CI=true) or when required
// (CAGRI_REAL_TIER=required) a missing Asterisk or SIP phone FAILS the run: the tier is never
// silently skipped there. Locally the tests are skipped with a loud line saying so.
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { asteriskMissingReason, asteriskPrefix } from './asterisk-instance.ts';

export default function setup(project: TestProject): void {
  const reason = missingReason();
  const required = process.env.CI === 'true' || process.env.CAGRI_REAL_TIER === 'required';
  if (reason && required) {
    throw new Error(
      `real-Asterisk tier cannot run: ${reason}. CI must run it: run scripts/test-packages.sh and ` +
        'scripts/asterisk-build.sh (or bash .ci/run), or set CAGRI_ASTERISK_PREFIX to a built Asterisk.',
    );
  }
  if (reason) {
    const line = '!'.repeat(100);
    console.warn(
      `\n${line}\n!!! real-Asterisk tier DID NOT RUN: ${reason}.\n` +
        '!!! Build it with scripts/asterisk-build.sh (CI=true or CAGRI_REAL_TIER=required makes this an error).\n' +
        `${line}\n`,
    );
  }
  project.provide('realTierSkip', reason ?? '');
}

function missingReason(): string | undefined {
  const asterisk = asteriskMissingReason(asteriskPrefix());
  if (asterisk) return asterisk;
  for (const tool of ['baresip', 'sox', 'espeak-ng']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} is not installed (scripts/test-packages.sh installs it)`;
    }
  }
  return undefined;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why the real tier is skipped here, or '' when it runs. */
    realTierSkip: string;
  }
}
