// The polling plan: plain interval polling without history, sparse early queries with it, the
// gap rules (busy, request budget), the song-length model, back-off, and the persisted history.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DurationHistory } from '../../main/tasks/duration-history.js';
import { fitFinishTimeModel } from '../../main/tasks/finish-time-model.js';
import { backoffDelayMs, DEFAULT_POLL_PLAN, PollPlanner, pollGapMs, type PollContext } from '../../main/tasks/poll-plan.js';
import { seededRandom } from './support/simulated-time.js';

const T0 = Date.UTC(2026, 0, 1);

function context(overrides: Partial<PollContext> = {}): PollContext {
  return { mode: 'vocal', songSeconds: 180, submittedAt: T0, lastPolledAt: null, now: T0, activeTasks: 1, ...overrides };
}

/** Builds a history of `count` vocal tasks within ±10 % of `medianMs`. */
function historyAround(medianMs: number, count = 40, songSeconds: (index: number) => number | null = () => 180): DurationHistory {
  const history = new DurationHistory();
  const random = seededRandom(3);
  for (let index = 0; index < count; index++) history.add('vocal', { totalMs: medianMs * (0.9 + 0.2 * random()), songSeconds: songSeconds(index) });
  return history;
}

/** Returns the planned queries of a task as offsets from submission, up to `untilMs`. */
function plannedOffsets(planner: PollPlanner, untilMs: number, overrides: Partial<PollContext> = {}): number[] {
  const offsets: number[] = [];
  let last: number | null = null;
  while (offsets.length < 200) {
    const at = planner.nextPollAt(context({ ...overrides, lastPolledAt: last, now: last ?? T0 }), DEFAULT_POLL_PLAN);
    if (at - T0 > untilMs) break;
    offsets.push(at - T0);
    last = at;
  }
  return offsets;
}

describe('poll plan', () => {
  it('polls every base interval without history', () => {
    const planner = new PollPlanner(new DurationHistory());
    assert.deepEqual(plannedOffsets(planner, 60_000), [15_000, 30_000, 45_000, 60_000]);
  });

  it('skips the early minutes when earlier tasks took about 3 minutes', () => {
    const planner = new PollPlanner(historyAround(180_000));
    const offsets = plannedOffsets(planner, 400_000);
    assert.ok((offsets[0] ?? 0) >= 120_000, `first query at ${offsets[0]} ms`);
    assert.ok((offsets[0] ?? Infinity) <= 165_000, 'the first query comes before the fastest earlier task finished');
    const gaps = offsets.slice(1).map((offset, index) => offset - (offsets[index] as number));
    assert.ok(gaps.every((gap) => gap >= 15_000), `no two queries closer than 15 s: ${gaps.join(', ')}`);
    assert.ok(gaps.every((gap) => gap <= DEFAULT_POLL_PLAN.maxGapMs), 'no gap longer than the maximum');
  });

  it('plans for the same mean delay as plain polling', () => {
    const planner = new PollPlanner(historyAround(180_000));
    const schedule = planner.schedule('vocal', 180, 15_000, DEFAULT_POLL_PLAN);
    assert.ok(schedule);
    assert.ok(schedule.expectedDelayMs <= 7_500, `expected delay ${schedule.expectedDelayMs} ms`);
    assert.ok(schedule.expectedQueries < 180 / 15, `expected queries ${schedule.expectedQueries}`);
  });

  it('queries every maximum gap once a task is slower than all earlier ones', () => {
    const planner = new PollPlanner(historyAround(60_000));
    const at = planner.nextPollAt(context({ lastPolledAt: T0 + 3_600_000, now: T0 + 3_600_000 }), DEFAULT_POLL_PLAN);
    assert.equal(at - (T0 + 3_600_000), DEFAULT_POLL_PLAN.maxGapMs);
  });

  it('polls right away after a restart when the first planned query has passed', () => {
    const planner = new PollPlanner(historyAround(60_000));
    const now = T0 + 10 * 60_000;
    assert.equal(planner.nextPollAt(context({ now }), DEFAULT_POLL_PLAN), now);
  });

  it('widens the gap when many tasks are active', () => {
    assert.equal(pollGapMs(1, DEFAULT_POLL_PLAN), 15_000);
    assert.equal(pollGapMs(101, DEFAULT_POLL_PLAN), 30_000);
    // 1,000 tasks share 80 % of 15 requests per second: one query per task every 83.4 s at least,
    // rounded up to the next quarter-octave step of the 30 s interval.
    const busy = pollGapMs(1000, DEFAULT_POLL_PLAN);
    assert.ok(busy >= 83_334, `gap ${busy} ms for 1,000 tasks`);
    assert.ok(busy <= 83_334 * 2 ** 0.25, `gap ${busy} ms is at most a quarter octave above the budget`);
    assert.equal(pollGapMs(1001, DEFAULT_POLL_PLAN), busy, 'one more task needs no new plan');
    const slow = pollGapMs(100, { ...DEFAULT_POLL_PLAN, requestsPerSecond: 1 });
    assert.ok(slow >= 125_000, `gap ${slow} ms at one request per second`);
    assert.ok(slow <= 125_000 * 2 ** 0.25, `gap ${slow} ms is at most a quarter octave above the budget`);
  });
});

describe('finish-time model', () => {
  it('scales by song length when durations grow with it', () => {
    const history = new DurationHistory();
    for (let index = 0; index < 30; index++) {
      const songSeconds = 120 + index * 4;
      history.add('vocal', { totalMs: songSeconds * 500 * (0.97 + 0.06 * ((index * 7) % 10) / 10), songSeconds });
    }
    const model = fitFinishTimeModel(history.samples('vocal'), 200);
    assert.equal(model?.kind, 'per-song-second');
    assert.ok((model?.survival(90_000) ?? 0) > 0.9, 'a 200 s song is rarely done after 90 s');
    assert.ok((model?.survival(115_000) ?? 1) < 0.1, 'and nearly always after 115 s');
  });

  it('ignores song length when it explains nothing', () => {
    const history = historyAround(60_000, 30, (index) => 120 + ((index * 37) % 120));
    assert.equal(fitFinishTimeModel(history.samples('vocal'), 150)?.kind, 'absolute');
    assert.equal(fitFinishTimeModel(history.samples('vocal').slice(0, 2), 150), null, 'two samples are too few');
  });
});

describe('duration history', () => {
  it('survives a restart and keeps the newest 100 samples', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-history-'));
    try {
      const file = path.join(folder, 'poll-history.json');
      const history = new DurationHistory(file);
      for (let index = 1; index <= 120; index++) history.add('instrumental', { totalMs: index * 1000 + 60_000, songSeconds: 200 });
      assert.equal(history.add('vocal', { totalMs: -5, songSeconds: null }), false, 'an impossible duration is dropped');

      const reloaded = new DurationHistory(file);
      assert.equal(reloaded.load(), true);
      assert.equal(reloaded.samples('instrumental').length, 100);
      assert.equal(reloaded.samples('instrumental')[0]?.totalMs, 81_000, 'the oldest 20 were dropped');
      assert.equal(reloaded.samples('vocal').length, 0);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('reports an invalid file so the engine rebuilds it', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'stemcrate-history-'));
    try {
      const file = path.join(folder, 'poll-history.json');
      const { writeFile } = await import('node:fs/promises');
      await writeFile(file, '{"version":1,"vocal":[{"totalMs":"x"}]}');
      assert.equal(new DurationHistory(file).load(), false);
      assert.equal(new DurationHistory(path.join(folder, 'missing.json')).load(), false);
      const history = new DurationHistory(file);
      history.add('vocal', { totalMs: 30_000, songSeconds: 100 });
      assert.match(await readFile(file, 'utf8'), /"totalMs":30000/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('back-off', () => {
  it('doubles the ceiling up to the cap with equal jitter', () => {
    assert.equal(backoffDelayMs(1, 15_000, 600_000, () => 0), 7_500);
    assert.equal(backoffDelayMs(1, 15_000, 600_000, () => 0.999_999), 15_000);
    assert.equal(backoffDelayMs(3, 15_000, 600_000, () => 0), 30_000);
    assert.equal(backoffDelayMs(20, 15_000, 600_000, () => 0.999_999), 600_000);
  });
});
