import { describe, expect, it } from '@jest/globals';
import { nextStatus } from './connection-status';

describe('nextStatus', () => {
  it('reads the first connect as connecting and any later one as reconnecting', () => {
    expect(nextStatus('connecting', 'connecting')).toBe('connecting');
    expect(nextStatus('connecting', 'connected')).toBe('connected');
    expect(nextStatus('connected', 'closed')).toBe('reconnecting');
    expect(nextStatus('reconnecting', 'connecting', true)).toBe('reconnecting');
    expect(nextStatus('connected', 'connecting')).toBe('reconnecting');
    expect(nextStatus('reconnecting', 'connected')).toBe('connected');
  });

  it('takes a message as proof of a live socket', () => {
    expect(nextStatus('connecting', 'message')).toBe('connected');
  });
});
