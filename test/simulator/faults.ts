// Faults a test can queue on a simulator endpoint; each queued fault applies to one request.

/** Endpoints a fault can target; `any` applies to the next request to any endpoint. */
export type FaultEndpoint = 'CreateTask' | 'TaskInfo' | 'balance' | 'files' | 'any';

export type Fault =
  /** Responds with this HTTP status and an envelope carrying the same code. */
  | { kind: 'status'; status: number; message?: string; retryAfter?: string }
  /** Responds with HTTP 200 and an envelope whose `code` is not 200. */
  | { kind: 'envelope'; code: number; message?: string }
  /** Responds with a proxy's HTML error page; HTTP 200 unless `status` is given. */
  | { kind: 'html'; status?: number }
  /** Responds with this exact body, for truncated or malformed JSON. */
  | { kind: 'raw'; body: string; status?: number; contentType?: string }
  /** Waits `ms` real milliseconds, then handles the request normally. */
  | { kind: 'delay'; ms: number }
  /** Destroys the connection without a response. */
  | { kind: 'reset' }
  /** Responds with a redirect to `location`. */
  | { kind: 'redirect'; location: string; status?: number }
  /** TaskInfo: sends this status string in place of the real one. */
  | { kind: 'task-status'; status: string }
  /** TaskInfo of a finished separation: merges these entries into `result.media_info`. */
  | { kind: 'media-info'; entries: Record<string, unknown> }
  /** Rewrites the JSON envelope the simulator would have sent; the return value is sent instead. */
  | { kind: 'transform'; transform: (envelope: Record<string, unknown>) => unknown };

/** Faults that change a normal JSON response instead of replacing it. */
export type ResponseFault = Extract<Fault, { kind: 'task-status' | 'media-info' | 'transform' }>;

export function isResponseFault(fault: Fault): fault is ResponseFault {
  return fault.kind === 'task-status' || fault.kind === 'media-info' || fault.kind === 'transform';
}

/** FIFO queues of faults per endpoint. */
export class FaultQueue {
  private readonly queues = new Map<FaultEndpoint, Fault[]>();

  add(endpoint: FaultEndpoint, faults: Fault[]): void {
    const queue = this.queues.get(endpoint) ?? [];
    queue.push(...faults);
    this.queues.set(endpoint, queue);
  }

  /** Removes and returns the next fault for `endpoint`, falling back to the `any` queue. */
  take(endpoint: Exclude<FaultEndpoint, 'any'>): Fault | undefined {
    return this.queues.get(endpoint)?.shift() ?? this.queues.get('any')?.shift();
  }

  /** Number of faults not yet used, over all endpoints. */
  get size(): number {
    let total = 0;
    for (const queue of this.queues.values()) total += queue.length;
    return total;
  }

  clear(): void {
    this.queues.clear();
  }
}

/** Builds the response-changing step of a ResponseFault for a JSON envelope. */
export function applyResponseFault(fault: ResponseFault, envelope: Record<string, unknown>): unknown {
  if (fault.kind === 'transform') return fault.transform(structuredClone(envelope));

  const data = envelope.data as Record<string, unknown> | undefined;
  if (!data) return envelope;
  if (fault.kind === 'task-status') {
    data.status = fault.status;
    return envelope;
  }
  const result = data.result as { media_info?: Record<string, unknown> } | null | undefined;
  if (result && typeof result === 'object') result.media_info = { ...(result.media_info ?? {}), ...fault.entries };
  return envelope;
}

/** A proxy's HTML error page, as some gateways send in place of JSON. */
export const HTML_ERROR_PAGE =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The proxy server received an invalid response from an upstream server.</p></body></html>\n';
