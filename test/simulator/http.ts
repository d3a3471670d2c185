// Small HTTP helpers of the simulator: JSON and text responses, and a size-limited body reader.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Maximum request body size, in bytes. CreateTask bodies are well under 1 KB. */
export const MAX_REQUEST_BYTES = 64 * 1024;

export function sendJson(response: ServerResponse, httpStatus: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(httpStatus, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  response.end(text);
}

export function sendText(response: ServerResponse, httpStatus: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  response.writeHead(httpStatus, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Returns the request body as text, or null when it passes MAX_REQUEST_BYTES. */
export async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
