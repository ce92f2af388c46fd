// Runtime smoke test for the rxjs migration (run with --expose-gc): type-checking cannot tell
// whether a field made weak was the only thing keeping an object alive. Each scenario drops
// every reference the test holds, forces GC between emissions, and checks that values keep
// arriving. Usage: node --expose-gc rxjs-gc-smoke.cjs <folder with the compiled rxjs index.js>
const rx = require(require('node:path').resolve(process.argv[2], 'index.js'));
const ops = rx;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const gcHard = async () => {
  for (let i = 0; i < 5; i++) {
    global.gc();
    await sleep(5);
  }
};

async function scenario(name, make, expected) {
  const seen = [];
  let error;
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', (e) => (error = e));
  make((v) => seen.push(v));
  for (let i = 0; i < 12 && seen.length < expected.length && !error; i++) {
    await gcHard();
    await sleep(25);
  }
  const ok = !error && JSON.stringify(seen) === JSON.stringify(expected);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${JSON.stringify(seen)}${error ? ` (${error.constructor.name}: ${error.message})` : ''}`);
  return ok;
}

(async () => {
  const results = [];
  // interval -> map -> take: only the scheduled action (held by the timer) reaches the chain.
  results.push(await scenario('interval.pipe(map, take).subscribe', (push) => {
    rx.interval(10).pipe(ops.map((x) => x * 2), ops.take(4)).subscribe(push);
  }, [0, 2, 4, 6]));
  // timer on the async scheduler, several operators deep.
  results.push(await scenario('timer.pipe(filter, map, scan).subscribe', (push) => {
    rx.timer(0, 10).pipe(ops.filter((x) => x % 2 === 0), ops.map((x) => x + 1), ops.scan((a, x) => a + x, 0), ops.take(3)).subscribe(push);
  }, [1, 4, 9]));
  // asap and queue schedulers.
  results.push(await scenario('of(...).pipe(observeOn(asap), delay)', (push) => {
    rx.of(1, 2, 3).pipe(ops.observeOn(rx.asapScheduler), ops.delay(20)).subscribe(push);
  }, [1, 2, 3]));
  // A Subject whose only subscriber chain is held by the subject's observers list.
  results.push(await scenario('Subject -> map -> subscribe, emitted from a timer', (push) => {
    const subject = new rx.Subject();
    subject.pipe(ops.map((x) => x * 10)).subscribe(push);
    let n = 0;
    const id = setInterval(() => {
      subject.next(++n);
      if (n === 3) clearInterval(id);
    }, 15);
  }, [10, 20, 30]));
  const failed = results.filter((ok) => !ok).length;
  console.log(failed === 0 ? 'all scenarios passed' : `${failed} scenario(s) failed`);
  process.exit(failed === 0 ? 0 : 1);
})();
