import { describe, expect, it } from 'vitest';
import { readChatEvent, splitEvents } from './models';
import { ApiError } from './errors';

describe('splitEvents', () => {
  it('keeps an unfinished event for the next chunk', () => {
    const first = splitEvents('data: {"a":1}\n\ndata: {"b"');
    expect(first.events).toEqual(['{"a":1}']);
    const second = splitEvents(first.rest + ':2}\n\ndata: [DONE]\n\n');
    expect(second.events).toEqual(['{"b":2}', '[DONE]']);
    expect(second.rest).toBe('');
  });

  it('reads CRLF line ends and ignores comments', () => {
    expect(splitEvents(': keep-alive\r\n\r\ndata: x\r\n\r\n').events).toEqual(['x']);
  });
});

describe('readChatEvent', () => {
  it('gives the delta and the finish reason', () => {
    expect(readChatEvent('{"choices":[{"delta":{"content":"Olá"},"finish_reason":null}]}')).toEqual({ delta: 'Olá', finish: null });
    expect(readChatEvent('{"choices":[{"delta":{},"finish_reason":"length"}]}')).toEqual({ delta: '', finish: 'length' });
    expect(readChatEvent('[DONE]')).toEqual({ done: true });
  });

  it('turns an error event into an ApiError with the server message', () => {
    const e = readChatEvent('{"error":{"code":"rate_limited","message":"too many requests"}}');
    expect('error' in e && e.error).toBeInstanceOf(ApiError);
    if ('error' in e) {
      expect(e.error.code).toBe('rate_limited');
      expect(e.error.message).toBe('too many requests');
    }
  });

  it('does not throw on an unreadable event', () => {
    const e = readChatEvent('{not json');
    expect('error' in e).toBe(true);
  });
});
