// Benchmark: queries and detection delay of adaptive polling against plain 15-second polling,
// through the real engine against the simulator in simulated time. Prints one markdown section.
import { createLogger, setRootLogger } from '../../main/log/logger.js';
import type { SeparationMode } from '../../preload/contract.js';
import { normal, planWorkload, runWorkload, type RunResult, type Scenario, type WorkloadOptions } from './polling-workload.js';

/** The goal: adaptive polling uses at most this share of plain polling's queries. */
const GOAL_RATIO = 0.6;
const PLAIN_INTERVAL_S = 15;

// NOTE: crun.ai publishes no processing times; both scenarios are assumptions, not measurements.
const SCENARIOS: Scenario[] = [
  {
    name: 'length-scaled',
    description: 'processing time proportional to the song length: 0.3 s (vocal) or 0.9 s (instrumental) per song second, log-normal spread σ = 0.15',
    processingMs: (mode: SeparationMode, songSeconds: number, random: () => number) => songSeconds * (mode === 'vocal' ? 300 : 900) * Math.exp(0.15 * normal(random)),
  },
  {
    name: 'length-independent',
    description: 'processing time independent of the song: median 60 s (vocal) or 180 s (instrumental), log-normal spread σ = 0.3',
    processingMs: (mode: SeparationMode, _songSeconds: number, random: () => number) => (mode === 'vocal' ? 60_000 : 180_000) * Math.exp(0.3 * normal(random)),
  },
];

const WORKLOAD: WorkloadOptions = {
  warmUpTasks: 30,
  measuredTasks: 150,
  meanArrivalGapMs: 30_000,
  meanQueueMs: 10_000,
  vocalShare: 0.6,
  songSeconds: [120, 240],
  seed: 42,
};

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

/** Queries plain polling every `intervalMs` from submission needs for these durations: one per started interval. */
function plainQueries(durationsMs: number[], intervalMs: number): number {
  return durationsMs.reduce((sum, duration) => sum + Math.max(1, Math.ceil(duration / intervalMs)), 0);
}

function row(scenario: string, result: RunResult, tasks: number): string {
  return `| ${scenario} | ${result.strategy === 'fixed' ? `plain ${PLAIN_INTERVAL_S} s` : 'adaptive'} | ${result.queries} | ${(result.queries / tasks).toFixed(2)} | ${seconds(result.meanDelayMs)} | ${seconds(result.p95DelayMs)} | ${result.peakPerSecond} |`;
}

async function main(): Promise<void> {
  setRootLogger(createLogger({ level: 'silent' }));
  const lines: string[] = [];
  const summary: string[] = [];
  const started = Date.now();

  for (const scenario of SCENARIOS) {
    const tasks = planWorkload(scenario, WORKLOAD);
    const plain = await runWorkload(tasks, WORKLOAD.warmUpTasks, 'fixed');
    const adaptive = await runWorkload(tasks, WORKLOAD.warmUpTasks, 'adaptive');
    lines.push(row(scenario.name, plain, WORKLOAD.measuredTasks), row(scenario.name, adaptive, WORKLOAD.measuredTasks));

    const ratio = adaptive.queries / plain.queries;
    // Plain polling with the interval that gives the adaptive plan's mean delay (half the interval).
    const equalDelayInterval = Math.max(1000, 2 * adaptive.meanDelayMs);
    const equalDelayRatio = adaptive.queries / plainQueries(adaptive.durationsMs, equalDelayInterval);
    summary.push(
      `| ${scenario.name} | ${ratio.toFixed(2)} | ${ratio <= GOAL_RATIO ? 'met' : 'not met'} | ${seconds(adaptive.meanDelayMs)} s vs ${seconds(plain.meanDelayMs)} s | ${equalDelayRatio.toFixed(2)} (plain every ${seconds(equalDelayInterval)} s) |`,
    );
  }

  const text = [
    '## Polling: adaptive plan against plain 15-second polling',
    '',
    `The real task engine, client and rate limiter against the simulator in simulated time (ManualClock). Each scenario submits ${WORKLOAD.warmUpTasks} warm-up tasks that only fill the duration history, then ${WORKLOAD.measuredTasks} measured tasks, with exponential gaps of ${seconds(WORKLOAD.meanArrivalGapMs)} s on average between submissions, ${WORKLOAD.vocalShare * 100} % in vocal mode, songs of ${WORKLOAD.songSeconds[0]}–${WORKLOAD.songSeconds[1]} s, and an exponential queue wait of ${seconds(WORKLOAD.meanQueueMs)} s on average before processing. Both strategies see the same tasks (seed ${WORKLOAD.seed}). The delay runs from the moment a task finishes at the simulator to the moment the engine records it.`,
    '',
    'Scenarios (assumed; crun.ai publishes no processing times):',
    '',
    ...SCENARIOS.map((scenario) => `- **${scenario.name}**: ${scenario.description}.`),
    '',
    '| scenario | strategy | queries | queries per task | mean delay (s) | p95 delay (s) | peak requests per second |',
    '|---|---|---|---|---|---|---|',
    ...lines,
    '',
    `| scenario | query ratio, adaptive / plain ${PLAIN_INTERVAL_S} s | goal ≤ ${GOAL_RATIO} | mean delay, adaptive vs plain | ratio at equal mean delay |`,
    '|---|---|---|---|---|',
    ...summary,
    '',
    `The last column compares with plain polling at the interval whose mean delay (half the interval) equals the adaptive plan's, computed from the same task durations. Run time: ${seconds(Date.now() - started)} s of real time.`,
    '',
  ].join('\n');
  process.stdout.write(text);
}

await main();
