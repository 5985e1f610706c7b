/** The cost a slow hash call runs at (bcrypt rounds, PBKDF2 iterations, scrypt N, argon2 memory and passes), and whether it is too low. */
import { ts } from 'ts-morph';
import { resolveIdentifier } from './scope.js';
import { skipOuter } from './values.js';
import { getStaticNumber } from './staticNumber.js';
import { getStaticString } from './constant.js';
import { getPropertyKey } from './passwords.js';
import type { CostSetting, HashFunction } from '../models/password-hashing.js';

export interface WeakCost {
  /** `cost 8`, `10,000 iterations`, `N = 1,024`, `memoryCost 4096 KiB and timeCost 1`. */
  setting: string;
  /** `10`, `100,000`, `16,384 (2^14)`. */
  minimum: string;
}

/** The weak setting of a slow hash call, or undefined when every known setting meets its minimum (or is not constant). */
export function getWeakCost(fn: HashFunction, call: ts.CallExpression): WeakCost | undefined {
  if (!fn.cost?.length) return undefined;
  const values: Record<string, number> = {};
  for (const setting of fn.cost) {
    const value = getCostValue(setting, call);
    if (value === undefined) return undefined;
    values[setting.name] = value;
  }
  if (fn.checkCost) return fn.checkCost(values);
  for (const setting of fn.cost) {
    const value = values[setting.name];
    if (value < setting.minimum) return { setting: describeSetting(setting.name, value), minimum: describeMinimum(setting) };
  }
  return undefined;
}

/** A setting's value: positional, or a property of an options object; the default when left out; undefined when not constant. */
function getCostValue(setting: CostSetting, call: ts.CallExpression): number | undefined {
  const arg = call.arguments[setting.argument];
  if (!setting.options) {
    if (!arg) return setting.defaultValue;
    // bcrypt.hash(pw, '$2b$08$…') with a literal salt carries its cost
    const salt = getStaticString(arg);
    const saltCost = salt ? /^\$2[abxy]?\$(\d{2})\$/.exec(salt)?.[1] : undefined;
    return saltCost ? Number(saltCost) : getStaticNumber(arg);
  }
  if (!arg) return setting.defaultValue;
  const obj = asObjectLiteral(arg);
  // an options object built elsewhere, or a callback in the options position (crypto.scrypt(pw, salt, 64, cb))
  if (!obj) return ts.isArrowFunction(skipOuter(arg)) || ts.isFunctionExpression(skipOuter(arg)) ? setting.defaultValue : undefined;
  if (obj.properties.some(ts.isSpreadAssignment)) return undefined;
  const prop = obj.properties.find((p) => setting.options!.includes(getPropertyKey(p) ?? ''));
  if (!prop) return setting.defaultValue;
  return ts.isPropertyAssignment(prop) ? getStaticNumber(prop.initializer) : ts.isShorthandPropertyAssignment(prop) ? getStaticNumber(prop.name) : undefined;
}

function asObjectLiteral(arg: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const e = skipOuter(arg);
  if (ts.isObjectLiteralExpression(e)) return e;
  if (!ts.isIdentifier(e)) return undefined;
  const decl = resolveIdentifier(e)?.declaration;
  const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? skipOuter(decl.initializer) : undefined;
  return init && ts.isObjectLiteralExpression(init) ? init : undefined;
}

function describeSetting(name: string, value: number): string {
  if (name === 'iterations') return `${formatNumber(value)} iteration${value === 1 ? '' : 's'}`;
  if (name === 'N') return `N = ${formatNumber(value)}`;
  return `${name} ${formatNumber(value)}`;
}

function describeMinimum(setting: CostSetting): string {
  const exponent = Math.log2(setting.minimum);
  return Number.isInteger(exponent) && exponent > 8 ? `${formatNumber(setting.minimum)} (2^${exponent})` : formatNumber(setting.minimum);
}

/** 100000 → 100,000 */
export function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}
