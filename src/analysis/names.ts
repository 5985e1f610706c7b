/** A name tokenizer shared by rules: identifiers, object keys and config keys split into lowercase words. */

/** Word boundaries: lower→Upper, an acronym before a capitalised word, letter↔digit, and any run of separators. */
const BOUNDARY = /(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])|[^A-Za-z0-9]+/;

/**
 * Splits a camelCase, PascalCase, snake_case, kebab-case, SCREAMING_CASE or dotted name into lowercase words:
 * `newPassword` → ['new', 'password'], `AWS_SECRET_ACCESS_KEY` → ['aws', 'secret', 'access', 'key'],
 * `APIKey` → ['api', 'key'], `x-api-key` → ['x', 'api', 'key'], `db.password2` → ['db', 'password', '2'].
 */
export function splitNameWords(name: string): string[] {
  const words: string[] = [];
  for (const part of name.split(BOUNDARY)) if (part) words.push(part.toLowerCase());
  return words;
}

/** Joins the words of a name as an environment variable name: `jwtSecret` → `JWT_SECRET`; undefined when the name has no words. */
export function toEnvVarName(name: string): string | undefined {
  const words = splitNameWords(name);
  return words.length ? words.join('_').toUpperCase() : undefined;
}
