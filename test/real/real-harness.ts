// The whole hotline on a real Asterisk for one test: the engine (startCagri, real Postgres and
// Redis as in test/support/engine-harness.ts) connected to a real Asterisk's ARI, the operators'
// and duty phones registered with their passwords, and a citizen phone behind the carrier trunk.
// Waiting is on conditions re-checked at every telephony event and on a short beat, with a
// timeout — never a bare sleep.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { loadEnv } from '../../src/config/env.ts';
import { type Clock, SystemClock } from '../../src/domain/clock.ts';
import { OperatorId } from '../../src/domain/ids.ts';
import { createLogger } from '../../src/log/logger.ts';
import { type Cagri, startCagri } from '../../src/main.ts';
import { createTestDatabase, serviceUrls, type TestDatabase, testRedisPrefix } from '../support/services.ts';
import { type AsteriskInstance, type PhoneName, REPO } from './asterisk-instance.ts';
import { type AnswerMode, type SipPhone, startPhone } from './sip-phone.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
/** The citizen's number as the carrier presents it (a Baku mobile, national format). */
export const CITIZEN_NUMBER = '0501234567';
/** Each phone sends its own tone, so a recording tells who was heard. */
export const TONES: Record<PhoneName | 'citizen', number> = {
  citizen: 500,
  op1: 800,
  op2: 1000,
  op3: 1200,
  duty: 1500,
};

export interface RealHarnessOptions {
  /** The instant the engine's clock starts at (a shifted SystemClock, as `--at`); default now. */
  at?: string;
  /** Edit a copy of config/ before the engine loads it. */
  editConfig?: (dir: string) => void;
  /** Phones to start and how they answer; a phone left out is unregistered (unreachable). */
  phones?: Partial<Record<PhoneName, AnswerMode>>;
  /** Operators to log in, in this order (the first has been idle longest, so is rung first); default op1, op2, op3. */
  login?: string[];
  /** Numbers the citizen's phone (the carrier side) also answers, e.g. a referral's 108. */
  citizenAlsoAnswers?: string[];
}

export interface RealHarness {
  ast: AsteriskInstance;
  cagri: Cagri;
  db: TestDatabase;
  configDir: string;
  phones: Partial<Record<PhoneName, SipPhone>>;
  phone(name: PhoneName): SipPhone;
  /** The citizen, at the carrier's address: calls in through the trunk, is called back through it. */
  citizen: SipPhone;
  /** Resolves with the first truthy value of `probe`; rejects after `timeoutMs`. */
  waitFor<T>(
    what: string,
    probe: () => T | undefined | false | null | Promise<T | undefined | false | null>,
    timeoutMs?: number,
  ): Promise<T>;
  /** Stops the engine (calls stay in Asterisk, as a crash leaves them) and starts a new one. */
  restartEngine(): Promise<void>;
  api(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    body?: unknown,
  ): Promise<{
    status: number; // biome-ignore lint/suspicious/noExplicitAny: test code reads JSON shapes freely
    body: any;
  }>;
  close(): Promise<void>;
}

const ALL_AUTO: Partial<Record<PhoneName, AnswerMode>> = {
  op1: { kind: 'auto' },
  op2: { kind: 'auto' },
  op3: { kind: 'auto' },
  duty: { kind: 'auto' },
};

export async function startRealHarness(
  ast: AsteriskInstance,
  opts: RealHarnessOptions = {},
): Promise<RealHarness> {
  const configDir = mkdtempSync(path.join(tmpdir(), 'cagri-real-config-'));
  cpSync(path.join(REPO, 'config'), configDir, { recursive: true });
  opts.editConfig?.(configDir);
  const clock: Clock = new SystemClock(opts.at ? Date.parse(opts.at) : undefined);
  const db = await createTestDatabase();
  const env = loadEnv({
    ARI_URL: ast.ariUrl,
    ARI_USERNAME: ast.ariUsername,
    ARI_PASSWORD: ast.ariPassword,
    DATABASE_URL: db.url,
    REDIS_URL: serviceUrls().redisUrl,
    ADMIN_TOKEN,
    CAGRI_CONFIG: configDir,
    // Each engine its own write journal (a shared one would replay one test's writes into another's database).
    CAGRI_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'cagri-real-data-')),
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  const redisPrefix = testRedisPrefix();
  const boot = async () => {
    const c = await startCagri({
      env,
      clock,
      logger: createLogger({ level: env.LOG_LEVEL }),
      listen: false,
      watchConfig: false,
      redisPrefix,
      // Tests poll the API on a short beat; the per-client limit is not what they test.
      rateLimit: { max: 100_000, timeWindowMs: 60_000 },
    });
    await c.telephony.waitUntilConnected(15_000);
    return c;
  };

  const server = `127.0.0.1:${ast.sipPort}`;
  const phones: Partial<Record<PhoneName, SipPhone>> = {};
  const started: SipPhone[] = [];
  let cagri: Cagri | undefined;
  try {
    // Started side by side: each waits for its registration.
    const entries = Object.entries(opts.phones ?? ALL_AUTO) as Array<[PhoneName, AnswerMode]>;
    const results = await Promise.allSettled(
      entries.map(([name, answer]) =>
        startPhone({
          name,
          user: name,
          server,
          password: ast.sipPasswords[name],
          toneHz: TONES[name],
          answer,
        }),
      ),
    );
    for (const [i, r] of results.entries()) {
      if (r.status === 'fulfilled') {
        phones[entries[i]![0]] = r.value;
        started.push(r.value);
      }
    }
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const citizen = await startPhone({
      name: 'citizen',
      user: CITIZEN_NUMBER,
      server,
      listenHost: ast.carrier.host,
      listenPort: ast.carrier.port,
      toneHz: TONES.citizen,
      answer: { kind: 'auto' },
      extraUsers: opts.citizenAlsoAnswers ?? [],
    });
    started.push(citizen);
    cagri = await boot();
    for (const op of opts.login ?? ['op1', 'op2', 'op3']) {
      cagri.queue.operatorCommand(OperatorId(op), { kind: 'login' });
      // Distinct login instants make "longest idle" a strict order.
      await new Promise((r) => setTimeout(r, 20));
    }

    const waitFor: RealHarness['waitFor'] = (what, probe, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        let done = false;
        const finish = (fn: () => void) => {
          if (done) return;
          done = true;
          clearInterval(beat);
          clearTimeout(timer);
          unsubscribe();
          fn();
        };
        const check = async () => {
          try {
            const v = await probe();
            if (v) finish(() => resolve(v));
          } catch (err) {
            finish(() => reject(err));
          }
        };
        // Phones and the database change without a telephony event: re-check on a beat too.
        const beat = setInterval(() => void check(), 50);
        const timer = setTimeout(
          () => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`))),
          timeoutMs,
        );
        const unsubscribe = h.cagri.telephony.onEvent(() => setImmediate(() => void check()));
        void check();
      });

    const h: RealHarness = {
      ast,
      get cagri() {
        return cagri!;
      },
      db,
      configDir,
      phones,
      phone(name) {
        const p = phones[name];
        if (!p) throw new Error(`phone ${name} was not started in this test`);
        return p;
      },
      citizen,
      waitFor,
      async api(method, url, body) {
        const res = await cagri!.http.inject({
          method,
          url,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          ...(body !== undefined ? { payload: body as object } : {}),
        });
        return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
      },
      async restartEngine() {
        await cagri!.close();
        cagri = await boot();
      },
      async close() {
        await cagri?.close();
        await Promise.all(started.map((p) => p.stop()));
        // Calls the test left behind must not reach the next test's engine.
        await ast.cli('channel request hangup all');
        await db.drop();
        rmSync(configDir, { recursive: true, force: true });
      },
    };
    return h;
  } catch (err) {
    await cagri?.close();
    await Promise.all(started.map((p) => p.stop()));
    await db.drop();
    throw err;
  }
}

/** Sets fields of the first queue in a copied config's queues.yaml (e.g. shorter ring timeouts). */
export function editQueue(dir: string, fields: Record<string, unknown>): void {
  const file = path.join(dir, 'queues.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  for (const [k, v] of Object.entries(fields)) doc.setIn(['queues', 0, k], v);
  writeFileSync(file, doc.toString());
}

/** Sets top-level fields of a copied config's callbacks.yaml. */
export function editCallbacks(dir: string, fields: Record<string, unknown>): void {
  const file = path.join(dir, 'callbacks.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  for (const [k, v] of Object.entries(fields)) doc.set(k, v);
  writeFileSync(file, doc.toString());
}
