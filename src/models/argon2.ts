/**
 * argon2 (node-argon2) and @node-rs/argon2: `hash(password, { memoryCost, timeCost })`. OWASP's minimum for argon2id is
 * 19 MiB with 2 passes (or 46 MiB with 1, 12 MiB with 3, 9 MiB with 4, 7 MiB with 5); memory is given in KiB.
 */
import type { HashFunction, HashModel } from './password-hashing.js';

/** OWASP's argon2id configurations: memory (KiB) and the passes it needs. */
function checkArgon2Cost(values: Record<string, number>): { setting: string; minimum: string } | undefined {
  const memory = values.memoryCost;
  const passes = values.timeCost;
  if (memory === undefined || passes === undefined) return undefined;
  const needed = getArgon2MinimumPasses(memory);
  if (needed !== undefined && passes >= needed) return undefined;
  return {
    setting: `memoryCost ${memory} KiB and timeCost ${passes}`,
    minimum: needed === undefined ? '7168 KiB (7 MiB) of memory' : `${needed} passes at this memory (OWASP: 19 MiB with 2 passes, or 46 MiB with 1)`,
  };
}

function argon2Hash(name: string, defaults: { memoryCost: number; timeCost: number }): HashFunction {
  return {
    path: [name],
    kind: 'slow',
    input: 0,
    algorithm: 'Argon2',
    cost: [
      { name: 'memoryCost', argument: 1, options: ['memoryCost'], minimum: 7_168, defaultValue: defaults.memoryCost },
      { name: 'timeCost', argument: 1, options: ['timeCost'], minimum: 1, defaultValue: defaults.timeCost },
    ],
    checkCost: checkArgon2Cost,
  };
}

export const argon2: HashModel = {
  library: 'argon2',
  packages: ['argon2'],
  // node-argon2 defaults: 64 MiB, 3 passes
  functions: [argon2Hash('hash', { memoryCost: 65_536, timeCost: 3 })],
  fix: 'await argon2.hash(password, { type: argon2.argon2id })',
};

export const nodeRsArgon2: HashModel = {
  library: '@node-rs/argon2',
  packages: ['@node-rs/argon2'],
  // @node-rs/argon2 defaults: 19 MiB, 2 passes
  functions: ['hash', 'hashSync', 'hashRaw'].map((name) => argon2Hash(name, { memoryCost: 19_456, timeCost: 2 })),
  fix: 'await hash(password)',
};

/** Passes OWASP asks for at a given memory (KiB) for argon2id; undefined below the smallest configuration. */
export function getArgon2MinimumPasses(memoryKiB: number): number | undefined {
  if (memoryKiB >= 47_104) return 1;
  if (memoryKiB >= 19_456) return 2;
  if (memoryKiB >= 12_288) return 3;
  if (memoryKiB >= 9_216) return 4;
  if (memoryKiB >= 7_168) return 5;
  return undefined;
}
