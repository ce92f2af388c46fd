import type { ProgressEvent } from '../index.js';

/**
 * A one-line progress indicator on stderr, only when stderr is a terminal (CI logs and pipes
 * stay clean). Redraws at most every 100 ms.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: (event: ProgressEvent) => void;
  done: () => void;
} {
  if (!stream.isTTY) return { onProgress: () => {}, done: () => {} };
  let last = 0;
  let shown = false;
  const draw = (text: string) => {
    stream.write(`\r\x1b[2K${text}`);
    shown = true;
  };
  return {
    onProgress(event) {
      const now = Date.now();
      if (event.stage === 'graph') {
        if (now - last < 100 && event.done !== event.total) return;
        draw(`weakify: analysing ${event.done}/${event.total} files`);
      } else {
        draw(`weakify: ${event.stage === 'load' ? 'loading the project' : 'detecting back-pointers'}`);
      }
      last = now;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
