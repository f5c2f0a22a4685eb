import { Writable } from 'node:stream';

/** A log stream for buildTopograph that keeps every line, for tests that scan the logs (for secrets). */
export function captureLogs(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { stream, lines };
}
