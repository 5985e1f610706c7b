/** Scans a throw-away project made of the given files (relative path → lines) with the given rules. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scan } from '../../src/engine/scan.js';
import type { Finding } from '../../src/types.js';

export async function scanFiles(files: Record<string, string[]>, rules: string[]): Promise<Finding[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-files-'));
  try {
    for (const [file, lines] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), [...lines, ''].join('\n'));
    }
    return (await scan({ root, rules })).findings;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
