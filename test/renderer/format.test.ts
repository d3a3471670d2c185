import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes, formatCredits, formatCreditsWithUnit, percent, plural } from '../../renderer/format/numbers.js';
import { formatApproxDuration, formatDate, formatDateTime, formatDuration, formatElapsed, formatPosition, formatTimeLeft, isExpiringSoon } from '../../renderer/format/time.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatDuration', () => {
  it('formats minutes and seconds', () => {
    assert.equal(formatDuration(0), '0:00');
    assert.equal(formatDuration(5.9), '0:05');
    assert.equal(formatDuration(185), '3:05');
  });

  it('adds hours past an hour', () => {
    assert.equal(formatDuration(3600), '1:00:00');
    assert.equal(formatDuration(3723), '1:02:03');
  });

  it('shows a dash for unknown values', () => {
    assert.equal(formatDuration(null), '–');
    assert.equal(formatDuration(undefined), '–');
    assert.equal(formatDuration(Number.NaN), '–');
    assert.equal(formatDuration(-1), '–');
  });
});

describe('formatPosition', () => {
  it('adds tenths of a second', () => {
    assert.equal(formatPosition(65.34), '1:05.3');
    assert.equal(formatPosition(0), '0:00.0');
  });

  it('clamps negative positions to zero', () => {
    assert.equal(formatPosition(-3), '0:00.0');
  });
});

describe('formatApproxDuration', () => {
  it('rounds to seconds under a minute', () => {
    assert.equal(formatApproxDuration(8_400), '8 s');
    assert.equal(formatApproxDuration(59_600), '1 min');
  });

  it('rounds to whole minutes', () => {
    assert.equal(formatApproxDuration(MINUTE), '1 min');
    assert.equal(formatApproxDuration(3 * MINUTE + 40_000), '4 min');
  });

  it('uses hours past an hour', () => {
    assert.equal(formatApproxDuration(65 * MINUTE), '1 h 05 min');
  });
});

describe('formatElapsed', () => {
  it('uses seconds under a minute', () => {
    assert.equal(formatElapsed(45_900), '45 s');
  });

  it('uses minutes and padded seconds under an hour', () => {
    assert.equal(formatElapsed(3 * MINUTE + 5_000), '3 min 05 s');
  });

  it('uses hours and padded minutes past an hour', () => {
    assert.equal(formatElapsed(2 * HOUR + 10 * MINUTE), '2 h 10 min');
  });
});

describe('formatTimeLeft', () => {
  const now = 1_800_000_000_000;

  it('shows days and hours for more than a day', () => {
    assert.equal(formatTimeLeft(now + 13 * DAY + 4 * HOUR + 10 * MINUTE, now), '13 days 4 h left');
    assert.equal(formatTimeLeft(now + DAY + HOUR, now), '1 day 1 h left');
  });

  it('shows hours and minutes under a day', () => {
    assert.equal(formatTimeLeft(now + 5 * HOUR + 20 * MINUTE, now), '5 h 20 min left');
  });

  it('rounds the last minutes up', () => {
    assert.equal(formatTimeLeft(now + 11 * MINUTE + 1, now), '12 min left');
    assert.equal(formatTimeLeft(now + 1, now), '1 min left');
  });

  it('says deleted once the time has passed', () => {
    assert.equal(formatTimeLeft(now, now), 'deleted');
    assert.equal(formatTimeLeft(now - DAY, now), 'deleted');
  });

  it('flags less than a day as expiring soon', () => {
    assert.equal(isExpiringSoon(now + DAY - 1, now), true);
    assert.equal(isExpiringSoon(now + DAY, now), false);
  });
});

describe('number formatting', () => {
  it('formats bytes with decimal units', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(1500), '1.5 KB');
    assert.equal(formatBytes(9_600_000), '9.6 MB');
    assert.equal(formatBytes(123_400_000), '123 MB');
    assert.equal(formatBytes(12_300_000_000), '12.3 GB');
    assert.equal(formatBytes(-1), '–');
  });

  it('formats fractional credits to two decimals', () => {
    assert.equal(formatCredits(12), '12');
    assert.equal(formatCredits(0.5), '0.5');
    assert.equal(formatCredits(3.256), '3.26');
    assert.equal(formatCredits(null), '–');
  });

  it('adds the credit noun in the right number', () => {
    assert.equal(formatCreditsWithUnit(1), '1 credit');
    assert.equal(formatCreditsWithUnit(0.5), '0.5 credits');
    assert.equal(formatCreditsWithUnit(3), '3 credits');
    assert.equal(formatCreditsWithUnit(null), '–');
  });

  it('picks singular or plural nouns', () => {
    assert.equal(plural(1, 'stem'), '1 stem');
    assert.equal(plural(12, 'stem'), '12 stems');
    assert.equal(plural(0, 'song'), '0 songs');
  });

  it('computes percentages only with a known total', () => {
    assert.equal(percent(50, 200), 25);
    assert.equal(percent(300, 200), 100);
    assert.equal(percent(50, null), null);
    assert.equal(percent(50, 0), null);
  });
});

describe('formatDate', () => {
  const time = Date.UTC(2026, 11, 4, 12, 0);

  it('formats like toLocaleDateString, per locale', () => {
    const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
    assert.equal(formatDate(time, 'en-GB'), new Date(time).toLocaleDateString('en-GB', options));
    assert.equal(formatDate(time, 'en-US'), new Date(time).toLocaleDateString('en-US', options));
    assert.notEqual(formatDate(time, 'en-GB'), formatDate(time, 'en-US'));
  });

  it('caches dates and date-times separately', () => {
    assert.equal(formatDate(time, 'de-DE'), new Date(time).toLocaleDateString('de-DE', { day: 'numeric', month: 'short', year: 'numeric' }));
    assert.equal(
      formatDateTime(time, 'de-DE'),
      new Date(time).toLocaleString('de-DE', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
    );
  });
});
