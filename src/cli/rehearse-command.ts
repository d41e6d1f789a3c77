// `cagri rehearse [dir]`: walk a menu in the terminal before reloading it. The config folder is
// validated first (errors as file:line:col, exit 1); then one call runs through the engine on the
// in-process simulator, printing what the caller hears and where the call goes.
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import pino from 'pino';
import { formatConfigError } from '../config/config-error.ts';
import { loadConfig } from '../config/config-loader.ts';
import { createLogger } from '../log/logger.ts';
import { readKeys } from '../rehearsal/key-input.ts';
import { type Rehearsal, startRehearsal } from '../rehearsal/rehearsal.ts';
import { eventLines } from '../rehearsal/rehearsal-lines.ts';
import { parseAtOption } from './at-option.ts';

interface RehearseOptions {
  number?: string;
  at?: string;
  lang?: string;
  from: string;
  promptMs: string;
  verbose?: boolean;
}

const KEYS = /^[0-9*#]$/;

export function registerRehearseCommand(program: Command): void {
  program
    .command('rehearse')
    .description('walk a menu in the terminal on the built-in simulator, before reloading it')
    .argument('[dir]', 'the config folder (default: $CAGRI_CONFIG or ./config)')
    .option('--number <short-number>', 'the number to call (default: the first service)')
    .option('--at <iso-time>', "the engine's clock, e.g. 2026-12-05T22:00:00+04:00 for after hours")
    .option('--lang <code>', "start in this language (default: the service's first)")
    .option('--from <number>', "the caller's number", '0501234567')
    .option('--prompt-ms <ms>', 'how long each prompt plays', '1200')
    .option('--verbose', 'engine logs on stderr')
    .action(async (dir: string | undefined, opts: RehearseOptions) => {
      process.exitCode = await rehearse(dir ?? process.env.CAGRI_CONFIG ?? 'config', opts);
      // ari-client keeps sockets half-open for a while; the rehearsal is over.
      process.exit();
    });
}

async function rehearse(folder: string, opts: RehearseOptions): Promise<number> {
  const startAt = parseAtOption(opts.at);
  if (startAt === null) return 2;
  const promptMs = Number(opts.promptMs);
  if (!Number.isInteger(promptMs) || promptMs < 0) {
    console.error(`--prompt-ms: not a number of milliseconds: ${opts.promptMs}`);
    return 2;
  }
  const loaded = await loadConfig(folder);
  if (!loaded.ok) {
    for (const e of loaded.errors) console.log(formatConfigError(e));
    const n = loaded.errors.length;
    console.error(
      `${folder}: ${n} error${n === 1 ? '' : 's'}; fix ${n === 1 ? 'it' : 'them'} and rehearse again`,
    );
    return 1;
  }
  const config = loaded.config;
  const number = opts.number ?? config.services[0]?.number ?? '';
  const known = config.services.map((s) => s.number).join(', ');
  if (!config.services.some((s) => s.number === number)) {
    console.error(`--number: no service answers ${number} in ${folder} (numbers: ${known})`);
    return 2;
  }

  const logger = opts.verbose
    ? createLogger({ level: 'debug', destination: pino.destination(2) })
    : createLogger({ level: 'silent' });
  const print = (line: string) => process.stdout.write(`${line}\n`);
  let r: Rehearsal;
  try {
    r = await startRehearsal({
      config,
      number,
      from: opts.from,
      ...(startAt !== undefined ? { startAt } : {}),
      ...(opts.lang ? { language: opts.lang } : {}),
      promptMs,
      logger,
      onEvent: (e) => {
        for (const line of eventLines(e)) print(line);
      },
    });
  } catch (err) {
    console.error(`cannot rehearse: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }

  const zone = (r.service.hours && config.hours.profiles[r.service.hours]?.timezone) || 'Asia/Baku';
  const name = r.service.name?.en ?? Object.values(r.service.name ?? {})[0] ?? r.service.id;
  print(`Rehearsing ${number} · ${name} · config ${config.version} (${folder})`);
  print(
    `Clock ${DateTime.fromMillis(r.clock.now(), { zone }).toFormat('ccc d LLL yyyy HH:mm')} ${zone} · ` +
      `${r.live ? 'live hours' : 'after hours'} → menu '${r.root}' · language ${r.language}`,
  );
  const tty = process.stdin.isTTY === true;
  print(
    tty
      ? 'Press 0-9 * # as on a phone; q hangs up.'
      : 'Keys from stdin, one line at a time, each after the prompt before it; q hangs up.',
  );
  print(`Calling from ${opts.from}…`);

  const stopReading = readKeys(process.stdin, {
    key: (k) => {
      if (KEYS.test(k) || k === 'q' || k === 'Q') r.press(k);
    },
    line: (keys) => {
      if (keys) r.pressWhenQuiet(keys);
    },
    end: () => undefined, // the call goes on: its own timeouts end it
  });
  const onSigint = () => r.hangup();
  process.on('SIGINT', onSigint);
  const summary = await r.ended;
  process.off('SIGINT', onSigint);
  stopReading();
  await r.close();
  return summary.outcome === 'unknown' ? 1 : 0;
}
