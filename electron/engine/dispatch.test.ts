import { describe, expect, it } from 'vitest';
import type { EngineHandlers, RequestOf } from '../../shared/contract.js';
import { dispatch } from './dispatch.js';
import { KeytrailError } from './KeytrailError.js';

function handlers(overrides: Partial<EngineHandlers>): EngineHandlers {
  return overrides as EngineHandlers;
}

describe('dispatch', () => {
  it('passes the validated request, defaults filled in, and wraps the value', async () => {
    let seen: RequestOf<'paths'> | undefined;
    const h = handlers({
      paths: async (request) => {
        seen = request;
        return {
          start: request.from,
          direction: request.direction,
          nodes: [],
          links: [],
          truncated: false,
        };
      },
    });

    const result = await dispatch(h, 'paths', { from: 'aws:key:AKIA1' });
    expect(result).toEqual({
      ok: true,
      value: { start: 'aws:key:AKIA1', direction: 'both', nodes: [], links: [], truncated: false },
    });
    expect(seen).toEqual({
      from: 'aws:key:AKIA1',
      exactOnly: false,
      direction: 'both',
      maxDepth: 12,
      maxNodes: 2000,
      evidenceLimit: 1000,
    });
  });

  it('refuses a malformed request with bad_request and the schema issue as detail', async () => {
    const result = await dispatch(handlers({}), 'openCase', { path: 'relative.keytrail.duckdb' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('bad_request');
    expect(JSON.parse(result.error.detail ?? '[]')[0].path).toEqual(['path']);
  });

  it('refuses an unknown method with bad_request', async () => {
    const result = await dispatch(handlers({}), 'dropTables', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('does not treat inherited object properties as methods', async () => {
    const result = await dispatch(handlers({}), 'toString', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('turns a KeytrailError into a failed result with its code', async () => {
    const h = handlers({
      event: async () => {
        throw new KeytrailError('event_not_found', 'Failed to read event: no such event', 'x');
      },
    });
    const result = await dispatch(h, 'event', { eventId: 'a'.repeat(32) });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'event_not_found',
        message: 'Failed to read event: no such event',
        detail: 'x',
      },
    });
  });

  it('turns any other throw into internal without its text', async () => {
    const h = handlers({
      caseInfo: async () => {
        throw new Error('secret stack detail');
      },
    });
    const result = await dispatch(h, 'caseInfo', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('secret stack detail');
  });
});
