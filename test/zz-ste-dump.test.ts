import { it } from 'vitest';
import { scan } from '/work/main/src/engine/scan.js';
it('dump', async () => {
  const dir = process.env.DIR ?? '/work/main/fixtures/stack-trace-exposure';
  const r = await scan({ root: dir, rules: ['stack-trace-exposure'] });
  for (const f of r.findings) console.log(`${f.location.file}:${f.location.startLine} [${f.severity}] ${f.message}`);
  for (const n of r.notices) console.log('NOTICE', JSON.stringify(n));
});
