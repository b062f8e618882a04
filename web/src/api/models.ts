// In-process models: their status and residency (GET /api/v1/models), load and unload, and the
// OpenAI-compatible chat completion the playground streams (POST /v1/chat/completions, server-sent
// events read from fetch's body, since EventSource cannot POST).
import type { components, paths } from './openapi.gen';
import type { ApiClient } from './client';
import { ApiError, errorFromResponse, networkError } from './errors';

type Schemas = components['schemas'];
export type ModelsStatus = Schemas['ModelsStatus'];
export type LocalModel = Schemas['LocalModel'];
export type RemoteModel = Schemas['RemoteModel'];
export type ChatCompletionRequest = paths['/v1/chat/completions']['post']['requestBody']['content']['application/json'];

export function modelsStatus(api: ApiClient, signal?: AbortSignal) {
  return api.call('get', '/api/v1/models', { signal });
}

export function loadModel(api: ApiClient, name: string) {
  return api.call('post', '/api/v1/models/{name}/load', { path: { name } });
}

export function unloadModel(api: ApiClient, name: string) {
  return api.call('post', '/api/v1/models/{name}/unload', { path: { name } });
}

/** One event of the stream: text to add, the reason it ended, or the error the server sent. */
export type ChatEvent = { delta: string; finish: string | null } | { error: ApiError } | { done: true };

/**
 * Splits a server-sent event stream into its `data:` payloads: the complete events of `buffer`, and
 * the unfinished rest to prepend to the next chunk.
 */
export function splitEvents(buffer: string): { events: string[]; rest: string } {
  const events: string[] = [];
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    const data = block
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data) events.push(data);
  }
  return { events, rest };
}

/** What one `data:` payload of a chat completion stream says. */
export function readChatEvent(data: string): ChatEvent {
  if (data === '[DONE]') return { done: true };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { error: new ApiError(500, 'internal', 'unreadable event from the server') };
  }
  const o = parsed as { error?: unknown; choices?: { delta?: { content?: string }; finish_reason?: string | null }[] };
  if (o.error) return { error: errorFromResponse(500, data, () => null) };
  const choice = o.choices?.[0];
  return { delta: choice?.delta?.content ?? '', finish: choice?.finish_reason ?? null };
}

/**
 * A streamed chat completion: calls onDelta with each piece of text as the model writes it, and
 * resolves with the reason it stopped. Aborting the signal closes the connection, which stops the
 * generation on the server.
 */
export async function streamChat(
  api: ApiClient,
  request: ChatCompletionRequest,
  onDelta: (text: string) => void,
  signal?: AbortSignal,
): Promise<string | null> {
  await api.ensureFresh();
  const send = () => {
    const token = api.token();
    return fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ ...request, stream: true }),
      signal,
    });
  };
  let r = await send().catch((e: unknown) => Promise.reject(networkError(e)));
  if (r.status === 401 && api.hasSession() && (await api.refresh())) r = await send();
  if (!r.ok || !r.body) {
    const text = await r.text();
    throw errorFromResponse(r.status, text, (n) => r.headers.get(n));
  }
  const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let finish: string | null = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const { events, rest } = splitEvents(buffer + value);
    buffer = rest;
    for (const data of events) {
      const event = readChatEvent(data);
      if ('error' in event) throw event.error;
      if ('done' in event) return finish;
      if (event.delta) onDelta(event.delta);
      if (event.finish) finish = event.finish;
    }
  }
  return finish;
}
