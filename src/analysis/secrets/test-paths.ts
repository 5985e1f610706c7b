/** Test code: values there still count for provider formats, not for the generic entropy check. */

const TEST_DIR = /(?:^|\/)(?:__tests__|__mocks__|__fixtures__|test|tests|spec|specs|e2e|cypress|playwright|mocks|testdata|test-data|testing|test-utils|test-helpers|(?:integration|e2e|unit|api|functional|acceptance)[-_]tests?)\//;
const TEST_FILE = /\.(?:test|spec|e2e|cy|stories|mock)\.[cm]?[jt]sx?$|(?:^|\/)\.env\.(?:test|testing|ci|e2e)(?:\.local)?$/;
/** Mock data by its file name: `mock-events.ts`, `mocks.ts`, `user-mocks.ts`, `mock_data.js`. */
const MOCK_FILE = /(?:^|\/)(?:[\w-]*[-_.])?mocks?(?:[-_.][\w.-]*)?\.[cm]?[jt]sx?$/;

/** True for a root-relative path of a test file or a file in a test directory. */
export function isTestPath(file: string): boolean {
  return TEST_FILE.test(file) || TEST_DIR.test(file) || MOCK_FILE.test(file);
}

/** A comment that says the value next to it is not a real credential: `// token is randomly generated and not real`. */
const FAKE_COMMENT = /(?:\/\/|\/\*|^\s*\*).*\b(?:fake|dummy|not (?:a )?real|made[- ]up|randomly generated|invented|bogus)\b/i;

/**
 * True when the line holding `pos`, or the line above it, carries a comment saying the value is made up (used for test
 * files, where fixtures of provider formats are written on purpose).
 */
export function isCommentedAsFake(text: string, pos: number): boolean {
  const start = text.lastIndexOf('\n', pos - 1) + 1;
  const endOfLine = text.indexOf('\n', pos);
  const line = text.slice(start, endOfLine < 0 ? text.length : endOfLine);
  const aboveStart = start > 0 ? text.lastIndexOf('\n', start - 2) + 1 : -1;
  const above = aboveStart >= 0 ? text.slice(aboveStart, start - 1) : '';
  return FAKE_COMMENT.test(line) || FAKE_COMMENT.test(above);
}
