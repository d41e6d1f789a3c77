// Keys from the terminal: one key at a time in raw mode when stdin is a TTY (a key interrupts
// the prompt at once, as on a phone); whole lines otherwise, so a rehearsal can be scripted
// (`printf '1\n0\n' | cagri rehearse config`), each line pressed once the prompt before it ended.
import { createInterface } from 'node:readline';

export interface KeyHandlers {
  /** Raw mode: one key as typed (`q` or Ctrl-C: hang up). */
  key(key: string): void;
  /** Line mode: the keys of one line. */
  line(keys: string): void;
  /** Line mode: no more input. */
  end(): void;
}

/** Starts reading; returns the function that stops reading and restores the terminal. */
export function readKeys(input: NodeJS.ReadStream, handlers: KeyHandlers): () => void {
  if (input.isTTY) {
    input.setRawMode(true);
    input.setEncoding('utf8');
    const onData = (chunk: string) => {
      for (const ch of chunk) handlers.key(ch === '\u0003' || ch === '\u0004' ? 'q' : ch);
    };
    input.on('data', onData);
    input.resume();
    return () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
    };
  }
  const rl = createInterface({ input, terminal: false });
  rl.on('line', (l) => handlers.line(l.trim()));
  rl.on('close', () => handlers.end());
  return () => {
    rl.removeAllListeners('close');
    rl.close();
    input.pause();
  };
}
