// The optimal query times for one task, given its finish-time model: dynamic programming over a
// time grid that minimises the expected number of queries at a given mean detection delay.
//
// Let S(t) be the probability that a task is still unfinished at t. With the last query at time a,
// the next one at b happens with probability S(a), so it costs S(a) queries on average. It also
// adds the detection delay of tasks that finish in (a, b], which is the integral over (a, b] of
// S(a) - S(u). Queries are at least `minGapMs` apart.
// The weight of a second of delay against one query is chosen so that the expected mean delay
// matches that of plain polling every `minGapMs` (half the gap), and no more queries are spent.

/** Grid points over the planning horizon; more give finer timing and slower planning. */
const MAX_GRID_POINTS = 2_000;
/** The plan ends where fewer than this share of tasks are still unfinished. */
const HORIZON_SURVIVAL = 1e-3;
/** The plan never reaches past this, however slow the history, ms. */
const MAX_HORIZON_MS = 6 * 60 * 60 * 1000;
const WEIGHT_SEARCH_STEPS = 30;

export interface ScheduleLimits {
  /** Shortest time between two queries, and before the first one, ms. */
  minGapMs: number;
  /** Maximum wait before the first query, ms. */
  maxFirstWaitMs: number;
  /** Maximum time between two later queries, ms. */
  maxGapMs: number;
}

export interface PollSchedule {
  /** Grid step, ms. */
  stepMs: number;
  /** For each grid index of the last query (0 = submission), the grid index of the next; -1 past the plan. */
  next: Int32Array;
  /** Expected queries per task and mean detection delay in ms, under the model. */
  expectedQueries: number;
  expectedDelayMs: number;
}

interface Solution {
  next: Int32Array;
  queries: number;
  delaySeconds: number;
}

/** Plans the query times for a task whose unfinished-probability at `ms` after creation is `survival(ms)`. */
export function planSchedule(survival: (ms: number) => number, limits: ScheduleLimits): PollSchedule {
  const gap = Math.max(1, limits.minGapMs);
  let horizon = gap;
  while (survival(horizon) > HORIZON_SURVIVAL && horizon < MAX_HORIZON_MS) horizon += gap;
  horizon += 2 * gap;

  // Fifteen grid steps per gap at least, unless the horizon is long enough to need coarser steps.
  const stepMs = Math.max(gap / 15, horizon / MAX_GRID_POINTS);
  const points = Math.ceil(horizon / stepMs);
  const unfinished = new Float64Array(points + 1);
  // Cumulative integral of the survival function in seconds, by the trapezoid rule.
  const integral = new Float64Array(points + 1);
  for (let index = 0; index <= points; index++) unfinished[index] = index === 0 ? 1 : survival(index * stepMs);
  for (let index = 1; index <= points; index++) {
    integral[index] = (integral[index - 1] as number) + (((unfinished[index - 1] as number) + (unfinished[index] as number)) / 2) * (stepMs / 1000);
  }

  const grid = {
    unfinished,
    integral,
    stepSeconds: stepMs / 1000,
    minSteps: Math.max(1, Math.ceil(gap / stepMs)),
    maxFirstSteps: Math.max(1, Math.floor(Math.max(limits.maxFirstWaitMs, gap) / stepMs)),
    maxSteps: Math.max(1, Math.floor(Math.max(limits.maxGapMs, gap) / stepMs)),
  };

  // Bisect the delay weight on a log scale: the smallest weight whose plan meets the target delay.
  const targetSeconds = gap / 2000;
  let low = 1e-4;
  let high = 1e3;
  let best = solve(grid, high);
  if (best.delaySeconds <= targetSeconds) {
    for (let step = 0; step < WEIGHT_SEARCH_STEPS; step++) {
      const middle = Math.sqrt(low * high);
      const solution = solve(grid, middle);
      if (solution.delaySeconds <= targetSeconds) {
        high = middle;
        best = solution;
      } else {
        low = middle;
      }
    }
  }
  return { stepMs, next: best.next, expectedQueries: best.queries, expectedDelayMs: best.delaySeconds * 1000 };
}

interface Grid {
  unfinished: Float64Array;
  integral: Float64Array;
  stepSeconds: number;
  minSteps: number;
  maxFirstSteps: number;
  maxSteps: number;
}

/** Solves the plan for one delay weight (queries per second of delay), backwards from the horizon. */
function solve(grid: Grid, weight: number): Solution {
  const { unfinished, integral, stepSeconds, minSteps } = grid;
  const points = unfinished.length - 1;
  const cost = new Float64Array(points + 1);
  const queries = new Float64Array(points + 1);
  const delay = new Float64Array(points + 1);
  const next = new Int32Array(points + 1).fill(-1);

  for (let last = points; last >= 0; last--) {
    const alive = unfinished[last] as number;
    const first = last + minSteps;
    if (first > points) {
      // Past the plan: one more query finds the task, whatever it costs in delay.
      cost[last] = alive;
      queries[last] = alive;
      continue;
    }
    const limit = Math.min(points, last + (last === 0 ? grid.maxFirstSteps : grid.maxSteps));
    let bestCost = Infinity;
    let bestNext = first;
    let bestDelay = 0;
    for (let candidate = first; candidate <= limit; candidate++) {
      const waited = (candidate - last) * stepSeconds * alive - ((integral[candidate] as number) - (integral[last] as number));
      const total = alive + weight * waited + (cost[candidate] as number);
      if (total < bestCost) {
        bestCost = total;
        bestNext = candidate;
        bestDelay = waited;
      }
    }
    cost[last] = bestCost;
    next[last] = bestNext;
    queries[last] = alive + (queries[bestNext] as number);
    delay[last] = bestDelay + (delay[bestNext] as number);
  }
  return { next, queries: queries[0] as number, delaySeconds: delay[0] as number };
}

/**
 * Returns the offset in ms after creation of the next query, given the offset of the last query
 * that got a response (null before the first), or null when the last query lies past the plan.
 */
export function nextOffsetMs(schedule: PollSchedule, lastOffsetMs: number | null): number | null {
  const index = lastOffsetMs === null ? 0 : Math.max(0, Math.round(lastOffsetMs / schedule.stepMs));
  if (index >= schedule.next.length) return null;
  const next = schedule.next[index] as number;
  return next < 0 ? null : next * schedule.stepMs;
}
