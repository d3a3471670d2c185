// The corpus of malformed crun.ai responses: each case is the faults to queue on the simulator and
// what the client and the task engine must make of them.
import type { ErrorCode, TaskState } from '../../preload/contract.js';
import type { Fault, FaultEndpoint } from '../simulator/faults.js';

/** Ids and addresses a case's faults may refer to, known once the task exists. */
export interface FaultContext {
  /** The separation task that the faulty TaskInfo responses describe, or '' in CreateTask cases. */
  taskId: string;
  /** Origin of the simulator, which is the configured API origin. */
  apiOrigin: string;
  /** Origin of a request trap on another loopback port. */
  trapOrigin: string;
}

export interface MalformedCase {
  name: string;
  /** The call whose response is malformed: the create call, or the task query after it. */
  phase: 'CreateTask' | 'TaskInfo';
  faults(context: FaultContext): { endpoint: FaultEndpoint; faults: Fault[] }[];
  /** The client's expected result: this error, these rejected stems, or null when the client is not involved. */
  client: { code: ErrorCode; message: RegExp } | { rejectedStems: RegExp } | null;
  /** The task record the engine leaves: one of `states`, with an error of one of `codes`. */
  record: { states: TaskState[]; codes: ErrorCode[]; message: RegExp };
  /** Known product bugs: the assertion groups that fail until they are fixed, with the reason. */
  todo?: { client?: string; record?: string; trap?: string };
}

const FIVE_MB = 5 * 1024 * 1024;
const DEPTH = 10_000;

/** Returns an array nested DEPTH levels deep, as JSON text. */
const deepArray = (): string => `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;

/** Builds the TaskInfo body of a finished vocal separation whose `result.media_info` is `mediaInfoJson`. */
function successBody(taskId: string, mediaInfoJson: string): string {
  return (
    `{"code":200,"message":"success","data":{"task_id":${JSON.stringify(taskId)},"status":"success",` +
    `"param":{"input":{"mode":"vocal"}},"create_at":1767225600,"complete_at":1767225660,"duration_s":60,"credits":1,` +
    `"result":{"media_info":${mediaInfoJson}}}}`
  );
}

/** Builds a TaskInfo fault that reports a finished separation with only these media_info entries. */
function mediaInfo(entries: (context: FaultContext) => Record<string, unknown>): MalformedCase['faults'] {
  return (context) => [{ endpoint: 'TaskInfo', faults: [{ kind: 'raw', body: successBody(context.taskId, JSON.stringify(entries(context))) }] }];
}

/** Returns media_info entries that give the three stems of a vocal separation the same value. */
const everyStem = (value: unknown): Record<string, unknown> => ({ origin_url: value, vocal_url: value, instrumental_url: value });

const createFault = (fault: Fault): MalformedCase['faults'] => () => [{ endpoint: 'CreateTask', faults: [fault] }];
const taskInfoFault = (fault: (context: FaultContext) => Fault): MalformedCase['faults'] => (context) => [{ endpoint: 'TaskInfo', faults: [fault(context)] }];

const MAYBE_SUBMITTED = ['maybe_submitted'] as TaskState[];
/** A task query that fails leaves the task waiting for the next query, with the error shown. */
const STILL_TRACKED = ['pending', 'running'] as TaskState[];
const NO_STEMS = { states: ['failed'] as TaskState[], codes: ['bad_response'] as ErrorCode[], message: /no usable stem links/ };

export const MALFORMED_CASES: MalformedCase[] = [
  // --- CreateTask ---
  {
    name: 'CreateTask truncated JSON',
    phase: 'CreateTask',
    faults: createFault({ kind: 'raw', body: '{"code":200,"message":"success","data":{"task_id":"3b1f' }),
    client: { code: 'bad_response', message: /not JSON/ },
    record: { states: MAYBE_SUBMITTED, codes: ['bad_response'], message: /not JSON/ },
  },
  {
    name: 'CreateTask task_id an object',
    phase: 'CreateTask',
    faults: createFault({ kind: 'transform', transform: () => ({ code: 200, message: 'success', data: { task_id: { nested: 'x' } } }) }),
    client: { code: 'bad_response', message: /data\.task_id/ },
    record: { states: MAYBE_SUBMITTED, codes: ['bad_response'], message: /data\.task_id/ },
  },
  {
    name: 'CreateTask task_id a number',
    phase: 'CreateTask',
    faults: createFault({ kind: 'transform', transform: () => ({ code: 200, message: 'success', data: { task_id: 12345 } }) }),
    client: { code: 'bad_response', message: /data\.task_id/ },
    record: { states: MAYBE_SUBMITTED, codes: ['bad_response'], message: /data\.task_id/ },
  },
  {
    name: 'CreateTask task_id with control characters',
    phase: 'CreateTask',
    faults: createFault({ kind: 'transform', transform: () => ({ code: 200, message: 'success', data: { task_id: 'abc\u0000\n../x' } }) }),
    client: { code: 'bad_response', message: /task_id/ },
    record: { states: MAYBE_SUBMITTED, codes: ['bad_response'], message: /task_id/ },
  },
  {
    name: 'CreateTask code a string',
    phase: 'CreateTask',
    faults: createFault({ kind: 'raw', body: '{"code":"OK","message":"success","data":{"task_id":"a1"}}' }),
    client: { code: 'bad_response', message: /envelope is invalid/ },
    record: { states: MAYBE_SUBMITTED, codes: ['bad_response'], message: /envelope is invalid/ },
  },
  {
    name: 'CreateTask 5 MB task_id',
    phase: 'CreateTask',
    faults: createFault({ kind: 'raw', body: `{"code":200,"message":"success","data":{"task_id":"${'x'.repeat(FIVE_MB)}"}}` }),
    client: { code: 'bad_response', message: /larger than/ },
    record: { states: MAYBE_SUBMITTED, codes: ['bad_response'], message: /larger than/ },
  },
  {
    name: 'CreateTask data nested 10,000 deep',
    phase: 'CreateTask',
    faults: createFault({ kind: 'raw', body: `{"code":200,"message":"success","data":${deepArray()}}` }),
    client: { code: 'bad_response', message: /unexpected data/ },
    record: { states: MAYBE_SUBMITTED, codes: ['bad_response'], message: /unexpected data/ },
  },
  {
    name: 'CreateTask HTML page',
    phase: 'CreateTask',
    faults: createFault({ kind: 'html' }),
    client: { code: 'bad_response', message: /not JSON/ },
    record: { states: MAYBE_SUBMITTED, codes: ['bad_response'], message: /not JSON/ },
  },
  {
    name: 'CreateTask body null',
    phase: 'CreateTask',
    faults: createFault({ kind: 'raw', body: 'null' }),
    client: { code: 'bad_response', message: /envelope is invalid/ },
    record: { states: MAYBE_SUBMITTED, codes: ['bad_response'], message: /envelope is invalid/ },
  },

  // --- TaskInfo: the whole response is unusable ---
  {
    name: 'TaskInfo truncated JSON',
    phase: 'TaskInfo',
    faults: taskInfoFault((context) => ({ kind: 'raw', body: successBody(context.taskId, '{}').slice(0, 80) })),
    client: { code: 'bad_response', message: /not JSON/ },
    record: { states: STILL_TRACKED, codes: ['bad_response'], message: /not JSON/ },
  },
  {
    name: 'TaskInfo status a number',
    phase: 'TaskInfo',
    faults: taskInfoFault(() => ({
      kind: 'transform',
      transform: (envelope) => ({ ...envelope, data: { ...(envelope.data as object), status: 7 } }),
    })),
    client: { code: 'bad_response', message: /data\.status/ },
    record: { states: STILL_TRACKED, codes: ['bad_response'], message: /data\.status/ },
  },
  {
    name: 'TaskInfo task_id an object',
    phase: 'TaskInfo',
    faults: taskInfoFault(() => ({
      kind: 'transform',
      transform: (envelope) => ({ ...envelope, data: { ...(envelope.data as object), task_id: { id: 1 } } }),
    })),
    client: { code: 'bad_response', message: /data\.task_id/ },
    record: { states: STILL_TRACKED, codes: ['bad_response'], message: /data\.task_id/ },
  },
  {
    name: 'TaskInfo 5 MB message',
    phase: 'TaskInfo',
    faults: taskInfoFault(() => ({ kind: 'raw', body: `{"code":200,"message":"${'m'.repeat(FIVE_MB)}","data":null}` })),
    client: { code: 'bad_response', message: /larger than/ },
    record: { states: STILL_TRACKED, codes: ['bad_response'], message: /larger than/ },
  },
  {
    name: 'TaskInfo body nested 10,000 deep',
    phase: 'TaskInfo',
    faults: taskInfoFault(() => ({ kind: 'raw', body: deepArray() })),
    client: { code: 'bad_response', message: /envelope is invalid/ },
    record: { states: STILL_TRACKED, codes: ['bad_response'], message: /envelope is invalid/ },
  },

  // --- TaskInfo: a finished task whose stem links are unusable ---
  {
    name: 'media_info values that are numbers',
    phase: 'TaskInfo',
    faults: mediaInfo(() => ({ origin_url: 1, vocal_url: 2.5, instrumental_url: -3 })),
    client: { rejectedStems: /not a URL string/ },
    record: NO_STEMS,
  },
  {
    name: 'media_info values that are not absolute URLs',
    phase: 'TaskInfo',
    faults: mediaInfo((context) => ({ origin_url: 'not a url', vocal_url: '/files/vocal.mp3', instrumental_url: `//${new URL(context.trapOrigin).host}/x.mp3` })),
    client: { rejectedStems: /not an absolute URL/ },
    record: NO_STEMS,
  },
  {
    name: 'media_info file: URLs',
    phase: 'TaskInfo',
    faults: mediaInfo(() => everyStem('file:///etc/passwd')),
    client: { rejectedStems: /file:/ },
    record: NO_STEMS,
  },
  {
    name: 'media_info javascript: URLs',
    phase: 'TaskInfo',
    faults: mediaInfo(() => everyStem('javascript:alert(1)')),
    client: { rejectedStems: /javascript:/ },
    record: NO_STEMS,
  },
  {
    name: 'media_info data: URLs',
    phase: 'TaskInfo',
    faults: mediaInfo(() => everyStem('data:audio/mpeg;base64,SUQzBAAAAAAAI1RTU0UAAAAPAAADTGF2ZjU4LjI5LjEwMAAAAAAAAAAAAAAA')),
    client: { rejectedStems: /data:/ },
    record: NO_STEMS,
  },
  {
    name: 'media_info a string',
    phase: 'TaskInfo',
    faults: (context) => [{ endpoint: 'TaskInfo', faults: [{ kind: 'raw', body: successBody(context.taskId, '"http://example.com/vocal.mp3"') }] }],
    client: { rejectedStems: /media_info is string/ },
    record: NO_STEMS,
  },
  {
    name: 'media_info value nested 10,000 deep',
    phase: 'TaskInfo',
    faults: (context) => [{ endpoint: 'TaskInfo', faults: [{ kind: 'raw', body: successBody(context.taskId, `{"vocal_url":${deepArray()}}`) }] }],
    client: { rejectedStems: /an array/ },
    record: NO_STEMS,
  },
  {
    name: 'media_info keys with path characters',
    phase: 'TaskInfo',
    faults: mediaInfo((context) => {
      const file = `${context.apiOrigin}/files/${context.taskId}/vocal.mp3`;
      return { '../../escape_url': file, '..\\..\\escape_url': file, 'a/b_url': file, '/abs_url': file };
    }),
    client: { rejectedStems: /plain identifier/ },
    record: NO_STEMS,
  },
  {
    name: 'media_info URLs to another loopback port',
    phase: 'TaskInfo',
    faults: mediaInfo((context) => everyStem(`${context.trapOrigin}/x.mp3`)),
    client: null,
    record: { states: ['failed'], codes: ['bad_response', 'invalid_argument'], message: /no usable stem links|local address/ },
  },
  {
    name: 'stem redirect to another loopback port',
    phase: 'TaskInfo',
    // The stem links stay on the API origin, but each responds with a redirect to the trap.
    faults: (context) => [{ endpoint: 'files', faults: [1, 2, 3].map(() => ({ kind: 'redirect', location: `${context.trapOrigin}/stolen.mp3`, status: 302 }) as Fault) }],
    client: null,
    record: { states: ['failed'], codes: ['bad_response', 'invalid_argument'], message: /redirect|local address/ },
  },
];
