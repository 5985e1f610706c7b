/** Test code: values there still count for provider formats, not for the generic entropy check. */

const TEST_DIR = /(?:^|\/)(?:__tests__|__mocks__|__fixtures__|test|tests|spec|specs|e2e|cypress|playwright|mocks|testdata|test-data|testing|test-utils|test-helpers|(?:integration|e2e|unit|api|functional|acceptance)[-_]tests?)\//;
const TEST_FILE = /\.(?:test|spec|e2e|cy|stories|mock)\.[cm]?[jt]sx?$|(?:^|\/)\.env\.(?:test|testing|ci|e2e)(?:\.local)?$/;
/** Mock data by its file name: `mock-events.ts`, `mocks.ts`, `user-mocks.ts`, `mock_data.js`. */
const MOCK_FILE = /(?:^|\/)(?:[\w-]*[-_.])?mocks?(?:[-_.][\w.-]*)?\.[cm]?[jt]sx?$/;

/** True for a root-relative path of a test file or a file in a test directory. */
export function isTestPath(file: string): boolean {
  return TEST_FILE.test(file) || TEST_DIR.test(file) || MOCK_FILE.test(file);
}
