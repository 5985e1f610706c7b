/** Redaction: at most the first 4 characters, fewer for short values; masks keep code-frame columns. */
import { describe, expect, it } from 'vitest';
import { maskRange, maskSpan, redact } from '../src/analysis/redact.js';

describe('redact', () => {
  it('shows at most 4 characters and an ellipsis', () => {
    expect(redact('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')).toBe('ghp_…');
    expect(redact('AKIAN2G7AZCW2M4GNFMT')).toBe('AKIA…');
  });

  it('shows a quarter of short values', () => {
    expect(redact('Sup3rS3cret!')).toBe('Sup…');
    expect(redact('hunter22')).toBe('hu…');
    expect(redact('abc')).toBe('…');
    expect(redact('')).toBe('…');
  });
});

describe('maskRange and maskSpan', () => {
  it('keeps the visible prefix and the length', () => {
    const text = "const t = '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';";
    const start = text.indexOf("'");
    const masked = maskRange(text, start, text.length - 1);
    expect(masked).toHaveLength(text.length);
    expect(masked).toBe(`const t = 'ghp${'*'.repeat(38)};`);
  });

  it('masks a multi-line span and keeps its line breaks', () => {
    const text = 'a\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\nb';
    const masked = maskSpan(text, { startLine: 2, startColumn: 1, endLine: 4, endColumn: 30 });
    expect(masked.split('\n')).toHaveLength(5);
    expect(masked).not.toContain('MIIEpAIBAAKCAQEA');
    expect(masked.startsWith('a\n----*')).toBe(true);
    expect(masked.endsWith('\nb')).toBe(true);
  });

  it('leaves the text alone for a span past its end', () => {
    expect(maskSpan('abc', { startLine: 5, startColumn: 1, endLine: 5, endColumn: 3 })).toBe('abc');
  });
});
