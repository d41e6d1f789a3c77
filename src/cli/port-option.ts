// A `--port`-like option: a whole number from 0 to 65535, or the process ends with a plain message.
import { ExitCode } from './service-process.ts';

export function parsePortOption(name: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || !Number.isInteger(port) || port > 65535) {
    console.error(`${name} must be a number from 0 to 65535, got '${value}'`);
    process.exit(ExitCode.setting);
  }
  return port;
}
