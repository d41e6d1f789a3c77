// One line at the end of the real tier saying how many real-Asterisk tests ran, so a run that
// quietly skipped them cannot pass for one that proved something.
import type { Reporter, TestModule } from 'vitest/node';

export default class RealTierReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const m of modules) {
      for (const t of m.children.allTests()) count[t.result().state]++;
    }
    const skipped = count.skipped + count.pending;
    console.log(
      `\nreal-Asterisk tier: ${count.passed} passed, ${count.failed} failed` +
        (skipped ? `, ${skipped} skipped` : '') +
        (count.passed + count.failed === 0 ? '  <-- NO real-Asterisk test ran' : '') +
        '\n',
    );
  }
}
