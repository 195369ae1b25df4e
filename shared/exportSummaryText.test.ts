import { describe, expect, it } from 'vitest';
import { exportedText } from './exportSummaryText.js';

const base = { format: 'csv', path: '/x', events: 323, skipped: 0, bytes: 1, sha256: 'aa' };

describe('the words for what an export wrote', () => {
  it('counts the events of a timeline, and those left out', () => {
    expect(exportedText(base)).toBe('323 events');
    expect(exportedText({ ...base, events: 1, skipped: 2 })).toBe(
      '1 event, 2 without a time left out',
    );
  });

  it('counts the objects of a STIX bundle, not its events', () => {
    expect(exportedText({ ...base, format: 'stix', objects: 41 })).toBe(
      '41 STIX objects drawn from 323 events',
    );
  });
});
