/** Who we are, for reporters: tool name, version (from package.json) and home page. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** SARIF `tool.driver.name`: never rename it, GitHub keys alerts by it. */
export const TOOL_NAME = 'tsaudit';
/** The project home page. */
export const INFORMATION_URI = 'https://github.com/tsaudit/tsaudit';

let cachedVersion: string | undefined;

/** The version in tsaudit's package.json (found upward from this module, in src/ and in dist/src/). */
export function getToolVersion(): string {
  if (cachedVersion) return cachedVersion;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === TOOL_NAME && pkg.version) return (cachedVersion = pkg.version);
    }
    const parent = path.dirname(dir);
    if (parent === dir) return (cachedVersion = '0.0.0');
    dir = parent;
  }
}
