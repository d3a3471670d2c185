// A loopback stand-in for the crun.ai API and its file host, for tests, benchmarks and the sandbox.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { keyFingerprint } from '../../main/api/key-fingerprint.js';
import { systemClock, type Clock } from '../../main/util/clock.js';
import { balance, createTask, envelopeResponse, taskInfo, type ApiResponse, type SimState } from './api-routes.js';
import { applyResponseFault, FaultQueue, HTML_ERROR_PAGE, isResponseFault, type Fault, type FaultEndpoint } from './faults.js';
import { resolveFile } from './file-routes.js';
import { sendFile } from './files.js';
import { MAX_REQUEST_BYTES, readBody, sendJson, sendText } from './http.js';
import { seedGenerationTasks, type SimGenerationTask, type SimSong } from './seed.js';
import type { SimSeparationTask } from './task-data.js';

export const DEFAULT_SIMULATOR_KEY = 'sim-test-key-0001';

export interface SimulatorOptions {
  /** Only loopback addresses; default 127.0.0.1. */
  host?: '127.0.0.1' | '::1' | 'localhost';
  /** Default 0: any free port. */
  port?: number;
  /** Accepted API keys; default one key, DEFAULT_SIMULATOR_KEY. */
  apiKeys?: string[];
  /** Starting balance in credits; default 1,000. */
  balance?: number;
  /** Source of task time; default the system clock. Fault delays always use real time. */
  clock?: Clock;
  /** Time a new separation task stays `pending`, in ms; default 2,000. */
  pendingMs?: number;
  /** Time it then stays `running`, in ms; default 8,000. */
  runningMs?: number;
  /** Credits charged per created task; default vocal 1, instrumental 3. */
  creditsPerTask?: { vocal: number; instrumental: number };
}

export interface RequestRecord {
  method: string;
  /** Path and query, as requested. */
  path: string;
  /** Clock milliseconds when the request arrived. */
  time: number;
  /** keyFingerprint of the x-api-key header, or null when the request carried none. */
  keyFingerprint: string | null;
  /** HTTP status sent; null until the response is sent, and 0 for a reset connection. */
  status: number | null;
}

export interface Simulator {
  /** Base URL, such as http://127.0.0.1:43123, to pass as the client's apiBase. */
  readonly url: string;
  readonly requests: RequestRecord[];
  /** Seeded and added music generation tasks; tests may change them in place. */
  readonly generationTasks: SimGenerationTask[];
  readonly separationTasks: ReadonlyMap<string, SimSeparationTask>;
  readonly balance: number;
  close(): Promise<void>;
  addGenerationTask(task: Omit<SimGenerationTask, 'songs' | 'createAt'> & { songs: SimSong[]; createAt?: number }): SimGenerationTask;
  injectFaults(endpoint: FaultEndpoint, faults: Fault[]): void;
  /** Makes the next created separation task end as `failed` with this result code and message. */
  failNextTask(failure: { code: number | string; message: string }): void;
  setBalance(balance: number): void;
  /** Makes the stem files of a task return 410 Gone, as after the provider's 14 days. */
  expireFiles(taskId: string): void;
  /** Forgets a separation task, so TaskInfo and its files then return 404. Returns false when unknown. */
  deleteTask(taskId: string): boolean;
}

function endpointOf(pathname: string): Exclude<FaultEndpoint, 'any'> | null {
  if (pathname === '/api/v1/client/job/CreateTask') return 'CreateTask';
  if (pathname === '/api/v1/client/job/TaskInfo') return 'TaskInfo';
  if (pathname === '/api/v1/client/account/balance') return 'balance';
  if (/^\/(files|covers|songs)\//.test(pathname)) return 'files';
  return null;
}

class LoopbackSimulator implements Simulator {
  url = '';
  readonly requests: RequestRecord[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly faults = new FaultQueue();
  private readonly apiKeys: Set<string>;
  private readonly state: SimState;

  constructor(options: SimulatorOptions) {
    this.apiKeys = new Set(options.apiKeys ?? [DEFAULT_SIMULATOR_KEY]);
    this.state = {
      clock: options.clock ?? systemClock,
      timing: { pendingMs: options.pendingMs ?? 2000, runningMs: options.runningMs ?? 8000 },
      creditsPerTask: options.creditsPerTask ?? { vocal: 1, instrumental: 3 },
      balance: options.balance ?? 1000,
      generationTasks: seedGenerationTasks(),
      separationTasks: new Map(),
      nextFailure: null,
      baseUrl: '',
    };
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { code: 500, message: `simulator error: ${String(error)}`, data: null });
        else response.destroy();
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  get generationTasks(): SimGenerationTask[] {
    return this.state.generationTasks;
  }

  get separationTasks(): ReadonlyMap<string, SimSeparationTask> {
    return this.state.separationTasks;
  }

  get balance(): number {
    return this.state.balance;
  }

  async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${hostPart}:${address.port}`;
    this.state.baseUrl = this.url;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addGenerationTask(task: Omit<SimGenerationTask, 'songs' | 'createAt'> & { songs: SimSong[]; createAt?: number }): SimGenerationTask {
    const added: SimGenerationTask = { ...task, createAt: task.createAt ?? Math.floor(this.state.clock.now() / 1000) };
    this.state.generationTasks.push(added);
    return added;
  }

  injectFaults(endpoint: FaultEndpoint, faults: Fault[]): void {
    this.faults.add(endpoint, faults);
  }

  failNextTask(failure: { code: number | string; message: string }): void {
    this.state.nextFailure = failure;
  }

  setBalance(balance: number): void {
    this.state.balance = balance;
  }

  expireFiles(taskId: string): void {
    const task = this.state.separationTasks.get(taskId);
    if (!task) throw new Error(`expireFiles: no separation task ${taskId} in the simulator`);
    task.filesExpired = true;
  }

  deleteTask(taskId: string): boolean {
    return this.state.separationTasks.delete(taskId);
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator.invalid');
    const apiKey = request.headers['x-api-key'];
    const key = Array.isArray(apiKey) ? apiKey[0] : apiKey;
    const record: RequestRecord = {
      method: request.method ?? 'GET',
      path: `${url.pathname}${url.search}`,
      time: this.state.clock.now(),
      keyFingerprint: key === undefined ? null : keyFingerprint(key),
      status: null,
    };
    this.requests.push(record);
    try {
      await this.route(request, response, url, key, record);
    } finally {
      // Every branch writes its head before returning, so the status is known before the client reads it.
      if (record.status === null && response.headersSent) record.status = response.statusCode;
    }
  }

  private async route(request: IncomingMessage, response: ServerResponse, url: URL, key: string | undefined, record: RequestRecord): Promise<void> {
    const endpoint = endpointOf(url.pathname);
    let fault = endpoint === null ? undefined : this.faults.take(endpoint);
    if (fault?.kind === 'delay') {
      await this.delay(fault.ms);
      fault = undefined;
    }
    if (fault && !isResponseFault(fault)) {
      this.sendFault(request, response, fault, record);
      return;
    }

    if (endpoint === 'files') {
      this.serveFile(request, response, url.pathname);
      return;
    }
    if (endpoint === null) {
      sendJson(response, 404, { code: 404, message: 'endpoint not found', data: null });
      return;
    }
    if (key === undefined || !this.apiKeys.has(key)) {
      sendJson(response, 401, { code: 401, message: 'Unauthorized: invalid or missing API key', data: null });
      return;
    }

    const apiResponse = await this.respondToApi(request, endpoint, url);
    const body = fault ? applyResponseFault(fault, apiResponse.envelope) : apiResponse.envelope;
    sendJson(response, apiResponse.httpStatus, body, apiResponse.headers);
  }

  private async respondToApi(request: IncomingMessage, endpoint: 'CreateTask' | 'TaskInfo' | 'balance', url: URL): Promise<ApiResponse> {
    const method = endpoint === 'CreateTask' ? 'POST' : 'GET';
    if (request.method !== method) return envelopeResponse(405, `${endpoint} accepts ${method} only`);

    if (endpoint === 'CreateTask') {
      const bodyText = await readBody(request);
      if (bodyText === null) return envelopeResponse(413, `request body is larger than ${MAX_REQUEST_BYTES} bytes`);
      return createTask(this.state, bodyText);
    }
    if (endpoint === 'TaskInfo') return taskInfo(this.state, url.searchParams.get('task_id'));
    return balance(this.state);
  }

  private sendFault(request: IncomingMessage, response: ServerResponse, fault: Exclude<Fault, { kind: 'delay' | 'task-status' | 'media-info' | 'transform' }>, record: RequestRecord): void {
    switch (fault.kind) {
      case 'status': {
        const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter };
        sendJson(response, fault.status, { code: fault.status, message: fault.message ?? `simulated error ${fault.status}`, data: null }, headers);
        return;
      }
      case 'envelope':
        sendJson(response, 200, { code: fault.code, message: fault.message ?? `simulated error ${fault.code}`, data: null });
        return;
      case 'html':
        sendText(response, fault.status ?? 200, HTML_ERROR_PAGE, 'text/html; charset=utf-8');
        return;
      case 'raw':
        sendText(response, fault.status ?? 200, fault.body, fault.contentType ?? 'application/json; charset=utf-8');
        return;
      case 'redirect':
        response.writeHead(fault.status ?? 302, { location: fault.location, 'content-length': 0 });
        response.end();
        return;
      case 'reset':
        record.status = 0;
        request.socket.destroy();
        return;
    }
  }

  private serveFile(request: IncomingMessage, response: ServerResponse, pathname: string): void {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendText(response, 405, 'GET or HEAD only');
      return;
    }
    const file = resolveFile(this.state, pathname);
    if (file === 'gone') sendText(response, 410, 'Gone: the provider deleted this file');
    else if (file === null) sendText(response, 404, 'Not Found');
    else sendFile(request, response, file);
  }
}

/** Starts a simulator on a loopback address and resolves once it is listening. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost') {
    throw new Error(`startSimulator: host "${String(host)}" is not a loopback address; use 127.0.0.1.`);
  }
  const simulator = new LoopbackSimulator(options);
  await simulator.listen(host, options.port ?? 0);
  return simulator;
}
