// Waiting on events with a deadline, so tests neither sleep nor hang.

/** Resolves with the arguments array of the next `event` of `emitter` that passes `filter`. */
export function next(emitter, event, filter = () => true, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const onEvent = (...args) => {
      if (filter(...args)) {
        clearTimeout(timer);
        emitter.off(event, onEvent);
        resolve(args.length <= 1 ? args[0] : args);
      }
    };
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${event}'`));
    }, timeoutMs);
    emitter.on(event, onEvent);
  });
}

/** Resolves when the client (or subscription) reaches `state` (at once if it is there). */
export function state(emitter, wanted, timeoutMs = 10000) {
  if (emitter.state === wanted) {
    return Promise.resolve();
  }
  return next(emitter, 'state', (s) => s === wanted, timeoutMs);
}

/** Polls `predicate` every 20 ms until it holds. */
export async function until(predicate, what = 'condition', timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Collects the publications of a subscription. */
export function collect(sub) {
  const pubs = [];
  sub.on('publication', (p) => pubs.push(p));
  return pubs;
}
