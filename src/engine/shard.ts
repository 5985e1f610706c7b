/** Sharding (`--shard i/n`): a stable split of the file list, so CI can scan one project on n machines. */
import { UsageError } from './files.js';

/** 1-based `index` of `count` slices. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * The 1-based shard that owns a root-relative path: FNV-1a of the path, modulo `count`.
 * It depends on the path alone, so adding or removing a file never moves another one.
 */
export function getShardOf(relativePath: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < relativePath.length; i++) {
    hash ^= relativePath.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return ((hash >>> 0) % count) + 1;
}

/** True when the shard owns the path (always true without a shard). */
export function isInShard(relativePath: string, shard: Shard | undefined): boolean {
  return !shard || shard.count === 1 || getShardOf(relativePath, shard.count) === shard.index;
}

/** Checks a shard from options; throws UsageError when it is not `1 <= index <= count`. */
export function checkShard(shard: Shard | undefined): Shard | undefined {
  if (!shard) return undefined;
  const { index, count } = shard;
  if (!Number.isInteger(index) || !Number.isInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(`bad shard ${index}/${count}: use i/n with 1 <= i <= n (for example --shard 2/4)`);
  }
  return shard;
}
