/** Fingerprints that survive unrelated edits (placeholder until the SARIF work lands). */
import { createHash } from 'node:crypto';
import type { Finding } from '../types.js';

/** Sets `fingerprint` on every finding from its rule, file and the text of its line. */
export function computeFingerprints(findings: Finding[], getText: (file: string) => string | undefined): void {
  const lines = new Map<string, string[]>();
  for (const f of findings) {
    let fileLines = lines.get(f.location.file);
    if (!fileLines) {
      fileLines = (getText(f.location.file) ?? '').split('\n');
      lines.set(f.location.file, fileLines);
    }
    const lineText = (fileLines[f.location.startLine - 1] ?? '').replace(/\s+/g, '');
    f.fingerprint = createHash('sha256').update(`${f.ruleId}\0${f.location.file}\0${lineText}`).digest('hex').slice(0, 32);
  }
}
