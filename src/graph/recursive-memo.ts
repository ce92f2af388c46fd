/**
 * Memoise a function whose definition can ask for its own value, directly or through others:
 * a generic class holds its `T` if a field holds it, including through another generic class,
 * and `List<T>` / `ListNode<T>` refer to each other. While a key is being computed, asking for it
 * again returns its value so far (starting from `initial`); its computation is repeated until
 * the value stops changing, which for a value that can only grow (held type parameters) takes at
 * most one round per element. A value that relied on another key still being computed is not
 * kept: that key may still grow, and asking again later computes it afresh.
 */
export function recursiveMemo<K, V>(compute: (key: K) => V, initial: V, equal: (a: V, b: V) => boolean, maxRounds = 16): (key: K) => V {
  const done = new Map<K, V>();
  const open = new Map<K, V>();
  // For each key being computed, the other open keys its value relied on.
  const stack: Array<Set<K>> = [];
  return (key) => {
    if (done.has(key)) return done.get(key)!;
    if (open.has(key)) {
      stack.at(-1)?.add(key);
      return open.get(key)!;
    }
    const reliedOn = new Set<K>();
    stack.push(reliedOn);
    open.set(key, initial);
    let value = initial;
    try {
      for (let round = 0; round < maxRounds; round++) {
        const next = compute(key);
        if (equal(next, value)) break;
        value = next;
        open.set(key, value);
      }
    } finally {
      stack.pop();
      open.delete(key);
    }
    reliedOn.delete(key);
    if (reliedOn.size === 0) done.set(key, value);
    else for (const other of reliedOn) stack.at(-1)?.add(other);
    return value;
  };
}
