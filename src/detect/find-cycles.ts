/**
 * Cycle finding over a directed multigraph given as plain data: strongly connected components
 * (Tarjan, iterative so deep graphs cannot overflow the stack) and their elementary cycles
 * (Johnson's algorithm over edges, so two fields between the same classes give two cycles).
 * Pure and independent of the field graph, so it is tested on hand-built graphs.
 */
export interface Edge {
  id: string;
  from: string;
  to: string;
}

export interface FindCyclesOptions {
  /**
   * Stop after this many cycles in one strongly connected component (a dense component has
   * exponentially many). Per component, so that one tangle cannot hide the cycles of all others.
   */
  maxCycles?: number;
  /** Longest cycle listed, in edges; longer ones are rarely one ownership structure. */
  maxLength?: number;
  /** Bound on search steps per component, for those so dense that even short cycles take long to enumerate. */
  maxSteps?: number;
  /**
   * Edges sharing an id are one thing seen from several nodes (a field a class and its
   * subclasses all have): a cycle uses each id at most once, and node cycles with the same ids
   * in the same order are listed once. Without it, a hierarchy of ten subclasses with
   * `parent`/`children` fields has a million node cycles of length 8 that are all the same pair.
   */
  distinctIds?: boolean;
}

export interface FoundCycles {
  /** Each cycle as edge ids in path order, starting from its smallest node. Self-loops are not cycles here. */
  cycles: string[][];
  /** True when a limit cut the enumeration short. */
  truncated: boolean;
}

export const DEFAULT_MAX_CYCLES = 1000;
export const DEFAULT_MAX_LENGTH = 8;
export const DEFAULT_MAX_STEPS = 2_000_000;

/** Strongly connected components with at least two nodes, each sorted; the list sorted by first node. */
export function stronglyConnectedComponents(nodes: readonly string[], edges: readonly Edge[]): string[][] {
  const successors = adjacency(nodes, edges);
  const index = new Map<string, number>();
  const lowlink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of [...nodes].sort()) {
    if (index.has(root)) continue;
    // Explicit call stack: [node, position in its successor list].
    const work: Array<[string, number]> = [[root, 0]];
    index.set(root, counter);
    lowlink.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [node, position] = frame;
      const next = successors.get(node) ?? [];
      if (position < next.length) {
        frame[1] += 1;
        const target = next[position]!.to;
        if (!index.has(target)) {
          index.set(target, counter);
          lowlink.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push([target, 0]);
        } else if (onStack.has(target)) {
          lowlink.set(node, Math.min(lowlink.get(node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        lowlink.set(parent, Math.min(lowlink.get(parent)!, lowlink.get(node)!));
      }
      if (lowlink.get(node) === index.get(node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        if (component.length > 1) components.push(component.sort());
      }
    }
  }
  return components.sort((a, b) => compare(a[0]!, b[0]!));
}

/** Elementary cycles of length 2..maxLength, found per SCC with Johnson's algorithm. */
export function findCycles(nodes: readonly string[], edges: readonly Edge[], options: FindCyclesOptions = {}): FoundCycles {
  const maxCycles = options.maxCycles ?? DEFAULT_MAX_CYCLES;
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  const distinctIds = options.distinctIds ?? false;
  const cycles: string[][] = [];
  const listed = new Set<string>();
  let anyTruncated = false;

  const components = stronglyConnectedComponents(nodes, edges);
  // Each component's own edges, in one pass over the edges (a project has hundreds of components).
  const componentOf = new Map<string, number>();
  components.forEach((component, at) => component.forEach((node) => componentOf.set(node, at)));
  const insideOf: Edge[][] = components.map(() => []);
  for (const edge of edges) {
    const at = componentOf.get(edge.from);
    if (at !== undefined && edge.from !== edge.to && componentOf.get(edge.to) === at) insideOf[at]!.push(edge);
  }
  components.forEach((component, at) => {
    let steps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    let truncated = false;
    const firstOfComponent = cycles.length;
    const inside = insideOf[at]!;
    const successors = adjacency(component, inside);
    // Johnson: cycles through `start` using only nodes ordered after it, so each is found once.
    for (const start of component) {
      const allowed = (node: string) => node >= start;
      const blocked = new Set<string>();
      const blockMap = new Map<string, Set<string>>();
      const path: string[] = [];
      const unblock = (node: string) => {
        const pending = [node];
        while (pending.length > 0) {
          const current = pending.pop()!;
          if (!blocked.delete(current)) continue;
          const waiting = blockMap.get(current);
          if (waiting) {
            blockMap.delete(current);
            pending.push(...waiting);
          }
        }
      };
      // Returns whether `node` must be unblocked: a cycle was found through it, or the bound cut the search.
      const circuit = (node: string): boolean => {
        let found = false;
        blocked.add(node);
        for (const edge of successors.get(node) ?? []) {
          if (truncated) return found;
          if (--steps < 0) {
            truncated = true;
            return found;
          }
          if (!allowed(edge.to)) continue;
          if (distinctIds && path.includes(edge.id)) {
            // Cut by the id rule, not proven cycle-free: leave the node unblocked (as below).
            found = true;
            continue;
          }
          if (edge.to === start) {
            const cycle = [...path, edge.id];
            found = true;
            const key = distinctIds ? rotationKey(cycle) : '';
            if (distinctIds && listed.has(key)) continue;
            listed.add(key);
            cycles.push(cycle);
            if (cycles.length - firstOfComponent >= maxCycles) truncated = true;
          } else if (!blocked.has(edge.to)) {
            if (path.length + 1 >= maxLength) {
              // Cut by the length bound, not proven cycle-free: leave the node unblocked, or a
              // shorter path reaching it later would miss its cycles (Johnson assumes no bound).
              found = true;
              continue;
            }
            path.push(edge.id);
            if (circuit(edge.to)) found = true;
            path.pop();
          }
        }
        if (found) unblock(node);
        else {
          for (const edge of successors.get(node) ?? []) {
            if (!allowed(edge.to)) continue;
            let waiting = blockMap.get(edge.to);
            if (!waiting) blockMap.set(edge.to, (waiting = new Set()));
            waiting.add(node);
          }
        }
        return found;
      };
      circuit(start);
      if (truncated) break;
    }
    if (truncated) {
      // The enumeration stopped partway (with a length bound Johnson's search is no longer
      // polynomial: sprotty's 40-class tangle spent its steps on 72 cycles). Every edge it did
      // not reach still gets the shortest cycle through it, so no field on a cycle goes unseen.
      const covered = new Set(cycles.slice(firstOfComponent).flat());
      for (const edge of inside) {
        if (covered.has(edge.id)) continue;
        const cycle = shortestCycleThrough(edge, successors, maxLength, distinctIds);
        if (!cycle) continue;
        for (const id of cycle) covered.add(id);
        const key = distinctIds ? rotationKey(cycle) : cycle.join('\0');
        if (listed.has(key)) continue;
        listed.add(key);
        cycles.push(cycle);
      }
    }
    anyTruncated ||= truncated;
  });
  return { cycles, truncated: anyTruncated };
}

/**
 * The shortest cycle through `edge` (breadth-first from its head back to its tail), as edge ids
 * starting from the cycle's smallest node, like Johnson's; undefined if none is within `maxLength`.
 */
function shortestCycleThrough(edge: Edge, successors: Map<string, Edge[]>, maxLength: number, distinctIds: boolean): string[] | undefined {
  const via = new Map<string, Edge>();
  let frontier = [edge.to];
  const seen = new Set([edge.to]);
  for (let length = 1; length < maxLength && frontier.length > 0 && !seen.has(edge.from); length++) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const step of successors.get(node) ?? []) {
        if (seen.has(step.to) || (distinctIds && step.id === edge.id)) continue;
        seen.add(step.to);
        via.set(step.to, step);
        next.push(step.to);
      }
    }
    frontier = next;
  }
  if (!seen.has(edge.from) || edge.from === edge.to) return undefined;
  const path: Edge[] = [];
  for (let node = edge.from; node !== edge.to; node = via.get(node)!.from) path.unshift(via.get(node)!);
  const ring = [edge, ...path];
  let first = 0;
  for (let at = 1; at < ring.length; at++) if (ring[at]!.from < ring[first]!.from) first = at;
  return [...ring.slice(first), ...ring.slice(0, first)].map((step) => step.id);
}

/** The same cycle whichever id it starts from: the rotation starting at its smallest id. */
function rotationKey(ids: readonly string[]): string {
  let start = 0;
  for (let i = 1; i < ids.length; i++) if (ids[i]! < ids[start]!) start = i;
  return [...ids.slice(start), ...ids.slice(0, start)].join('\0');
}

function adjacency(nodes: readonly string[], edges: readonly Edge[]): Map<string, Edge[]> {
  const successors = new Map<string, Edge[]>(nodes.map((node) => [node, []]));
  for (const edge of edges) successors.get(edge.from)?.push(edge);
  for (const list of successors.values()) list.sort((a, b) => compare(a.to, b.to) || compare(a.id, b.id));
  return successors;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
