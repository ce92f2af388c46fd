import type { ProgressEvent } from '../index.js';
import type { SuggestProgressEvent } from '../suggest/index.js';

const STAGE_TEXT: Record<Exclude<SuggestProgressEvent['stage'], 'graph'>, string> = {
  load: 'loading the project',
  detect: 'detecting back-pointers',
  git: 'reading the change from git',
  fix: 'preparing the patch',
  verify: 'type-checking the patch',
};

/**
 * A one-line progress indicator on stderr, only when stderr is a terminal (CI logs and pipes
 * stay clean). Redraws at most every 100 ms.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): {
  onProgress: (event: ProgressEvent | SuggestProgressEvent) => void;
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
        draw(`weakify: building the class graph ${Math.floor((event.done / Math.max(1, event.total)) * 100)}%`);
      } else {
        draw(`weakify: ${STAGE_TEXT[event.stage]}`);
      }
      last = now;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
