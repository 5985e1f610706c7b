/** The data-flow core on small programs: what reaches a marked expression, through which steps. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { ProjectIndex } from '../src/analysis/project.js';
import { traceTaint, type TaintSpec } from '../src/analysis/taint.js';
import { getRequestSource } from '../src/analysis/sources.js';
import { getStaticString } from '../src/analysis/constant.js';
import { getValueOrigins } from '../src/analysis/values.js';
import { readWorkspacePackages } from '../src/analysis/workspaces.js';

const ROOT = path.resolve('/virtual-project');
const spec: TaintSpec = { id: 'test-http', getSource: (e, _p, m) => getRequestSource(e, m) };

/** Builds a project from in-memory files; returns the argument of the call `sink(…)` in the first file. */
function setup(files: Record<string, string>) {
  const abs = Object.keys(files).map((f) => path.join(ROOT, f));
  const project = new ProjectIndex(ROOT, abs);
  for (const [f, text] of Object.entries(files)) project.setText(path.join(ROOT, f), text);
  const sf = project.getSourceFile(abs[0])!;
  let arg: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'sink') arg = n.arguments[0];
    ts.forEachChild(n, visit);
  };
  visit(sf);
  if (!arg) throw new Error('no sink(...) call');
  return { project, arg };
}

function labels(files: Record<string, string>): string[] {
  const { project, arg } = setup(files);
  return traceTaint(arg, spec, project).map((o) => `${o.kind}:${o.label}${o.built ? ':built' : ''}`);
}

const handler = (body: string) => `app.get('/', (req, res) => {\n${body}\n});`;

describe('traceTaint', () => {
  it('follows a variable and a concatenation', () => {
    expect(labels({ 'a.ts': handler("const id = req.query.id; const s = 'x' + id; sink(s);") })).toEqual(['source:req.query.id:built']);
  });

  it('records the steps from source to the traced expression', () => {
    const { project, arg } = setup({ 'a.ts': handler("const id = req.query.id;\nconst s = `q ${id}`;\nsink(s);") });
    const [origin] = traceTaint(arg, spec, project);
    expect(origin.steps.map((s) => s.label)).toEqual(['source: req.query.id', '`id` is assigned', '`s` is assigned']);
  });

  it('follows destructuring with renames and defaults', () => {
    expect(labels({ 'a.ts': handler("const { name: n = 'x' } = req.body; sink(n);") })).toEqual(['source:req.body.name']);
  });

  it('stops at numeric conversion, comparisons and length', () => {
    expect(labels({ 'a.ts': handler('sink(Number(req.query.a) + parseInt(req.query.b) + (req.query.c === "1") + req.query.d.length);') })).toEqual([]);
  });

  it('kills a definition overwritten before the use', () => {
    expect(labels({ 'a.ts': handler('let v = req.query.v; v = Number(v); sink(v);') })).toEqual([]);
  });

  it('keeps both branches of a conditional assignment', () => {
    expect(labels({ 'a.ts': handler("let v = 'a'; if (req.query.x) { v = req.query.x; } sink(v);") })).toEqual(['source:req.query.x']);
  });

  it('treats constants, enums and const objects as never tainted', () => {
    const { arg } = setup({ 'a.ts': "enum T { A = 'users' }\nconst P = { x: 'orders' } as const;\nconst t = 'a' + T.A + P.x + 1;\nsink(t);" });
    expect(getStaticString(arg)).toBe('ausersorders1');
  });

  it('follows object fields and spreads', () => {
    expect(labels({ 'a.ts': handler('const o = { a: 1, b: req.params.b }; const c = { ...o }; sink(c.b);') })).toEqual(['source:req.params.b']);
    expect(labels({ 'a.ts': handler('const o = { a: "k", b: req.params.b }; sink(o.a);') })).toEqual([]);
  });

  it('follows array elements, join and string methods', () => {
    expect(labels({ 'a.ts': handler("const parts = ['a', req.query.q]; sink(parts.join(' ').trim().toLowerCase());") })).toEqual(['source:req.query.q:built']);
  });

  it('follows class fields set in the constructor', () => {
    const code = `class Q { private t: string; constructor(t: string) { this.t = t; } run() { sink(this.t); } }\napp.get('/', (req, res) => new Q(req.query.t).run());`;
    expect(labels({ 'a.ts': code })).toEqual(['param:parameter `t`']);
  });

  it('maps parameters through a function in another file', () => {
    const files = {
      'a.ts': handler("import { wrap } from './b';\nsink(wrap(req.query.q));"),
      'b.ts': 'export function wrap(v: string) { return `<${v}>`; }',
    };
    expect(labels(files)).toEqual(['source:req.query.q:built']);
  });

  it('stops at a declared number parameter and a literal union', () => {
    expect(labels({ 'a.ts': "function f(n: number, d: 'asc' | 'desc') { sink(`${n} ${d}`); }" })).toEqual([]);
  });

  it('reports an untyped parameter as a parameter origin', () => {
    expect(labels({ 'a.ts': 'export function f(where: string) { sink(`SELECT 1 ${where}`); }' })).toEqual(['param:parameter `where`:built']);
  });

  it('honours allow-list guards', () => {
    const code = handler("const s = req.query.s; if (!['a', 'b'].includes(s)) return; sink(s);");
    expect(labels({ 'a.ts': code })).toEqual([]);
  });

  it('follows await and then callbacks', () => {
    expect(labels({ 'a.ts': handler('Promise.resolve(req.query.q).then((v) => sink(v));') })).toEqual(['source:req.query.q']);
  });
});

describe('getValueOrigins', () => {
  it('knows a pg pool exported from another file', () => {
    const files = {
      'a.ts': "import { pool } from './db';\nsink(pool);",
      'db.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();",
    };
    const { project, arg } = setup(files);
    expect(getValueOrigins(arg, project)).toEqual([{ kind: 'module', module: 'pg', path: ['Pool', 'new'] }]);
  });

  it('knows a constructor-injected TypeORM repository by its declared type', () => {
    const code = "import { Repository } from 'typeorm';\nclass S { constructor(private readonly repo: Repository<User>) {} f() { sink(this.repo); } }";
    const { project, arg } = setup({ 'a.ts': code });
    expect(getValueOrigins(arg, project)).toEqual([{ kind: 'module', module: 'typeorm', path: ['Repository', 'instance'] }]);
  });

  it('gives the same origins whatever was asked first, also around a cycle', () => {
    const code = "import mysql from 'mysql2';\nimport pg from 'pg';\nconst first = second ?? mysql.createPool({});\nconst second = first ?? new pg.Pool();\nsink(first);\nsink2(second);";
    const { project, arg } = setup({ 'a.ts': code });
    const second = (arg.parent.parent.parent as ts.SourceFile).statements[5] as ts.ExpressionStatement;
    const modules = (e: ts.Node) => getValueOrigins(e, project).map((o) => (o.kind === 'module' ? o.module : o.kind)).sort();
    // asking about `first` walks into `second` and back: the cut answer for `second` must not be remembered
    expect(modules(arg)).toEqual(['mysql2', 'pg']);
    expect(modules((second.expression as ts.CallExpression).arguments[0])).toEqual(['mysql2', 'pg']);
  });

  it('follows require and member calls', () => {
    const { project, arg } = setup({ 'a.ts': "const mysql = require('mysql2/promise');\nconst c = mysql.createPool({});\nsink(c);" });
    expect(getValueOrigins(arg, project)).toEqual([{ kind: 'module', module: 'mysql2', path: ['createPool', '()'] }]);
  });
});

describe('the call index', () => {
  it('finds the callers of each of several functions that share a name, and no others', async () => {
    const { getCallIndex } = await import('../src/analysis/callIndex.js');
    const files: Record<string, string> = {
      'users.ts': 'export class Users { get(id: string) { return id; } }',
      'orders.ts': 'export class Orders { get(id: string) { return id; } }\nexport function get(key: string) { return key; }',
      'app.ts': [
        "import { Users } from './users';",
        "import { Orders, get } from './orders';",
        'const users = new Users();',
        'const orders = new Orders();',
        "users.get('u1');",
        "orders.get('o1');",
        "orders.get('o2');",
        "get('k1');",
        "new Map<string, string>().get('m1');",
      ].join('\n'),
    };
    const abs = Object.keys(files).map((f) => path.join(ROOT, f));
    const project = new ProjectIndex(ROOT, abs);
    for (const [f, text] of Object.entries(files)) project.setText(path.join(ROOT, f), text);
    const index = getCallIndex(project, Object.keys(files));
    const fnIn = (file: string, pick: (sf: ts.SourceFile) => ts.Node) => pick(project.getSourceFile(path.join(ROOT, file))!);
    const method = (sf: ts.SourceFile) => (sf.statements[0] as ts.ClassDeclaration).members[0];
    const argsOf = (fn: ts.Node) => index.callersOf(fn as never).map((c) => c.arguments![0].getText());
    expect(argsOf(fnIn('users.ts', method))).toEqual(["'u1'"]);
    expect(argsOf(fnIn('orders.ts', method))).toEqual(["'o1'", "'o2'"]);
    expect(argsOf(fnIn('orders.ts', (sf) => sf.statements[1]))).toEqual(["'k1'"]);
  });
});

describe('module resolution in a monorepo', () => {
  it("resolves each file's aliases with the nearest tsconfig that declares some", async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-aliases-')));
    try {
      const write = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), text);
      };
      write('tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/lib/*': ['shared/*'] } } }));
      write('apps/web/tsconfig.json', JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/lib/*': ['lib/*'] } } }));
      write('apps/admin/tsconfig.json', JSON.stringify({ extends: './tsconfig.base.json' }));
      write('apps/admin/tsconfig.base.json', JSON.stringify({ compilerOptions: { paths: { '@/lib/*': ['./src/lib/*'] } } }));
      write('apps/docs/tsconfig.json', JSON.stringify({ compilerOptions: { strict: true } }));
      const files = ['apps/web/lib/db.ts', 'apps/web/app/page.ts', 'apps/admin/src/lib/db.ts', 'apps/admin/src/app.ts', 'shared/db.ts', 'apps/docs/page.ts'];
      for (const f of files) write(f, 'export const x = 1;\n');
      const project = new ProjectIndex(root, files.map((f) => path.join(root, f)));
      project.loadTsconfig(path.join(root, 'tsconfig.json'));
      const from = (f: string) => project.resolveModule(path.join(root, f), '@/lib/db');
      expect(from('apps/web/app/page.ts')).toBe(path.join(root, 'apps/web/lib/db.ts'));
      expect(from('apps/admin/src/app.ts')).toBe(path.join(root, 'apps/admin/src/lib/db.ts'));
      // a tsconfig without aliases leaves the scan's own
      expect(from('apps/docs/page.ts')).toBe(path.join(root, 'shared/db.ts'));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('resolves workspace packages by name to their sources (npm/yarn workspaces, pnpm-workspace.yaml)', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const temp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tsaudit-workspaces-')));
    try {
      const make = (root: string, tree: Record<string, string>) => {
        for (const [rel, text] of Object.entries(tree)) {
          fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
          fs.writeFileSync(path.join(root, rel), text);
        }
        const files = Object.keys(tree).filter((f) => f.endsWith('.ts')).map((f) => path.join(root, f));
        return (from: string, specifier: string) => new ProjectIndex(root, files).resolveModule(path.join(root, from), specifier);
      };
      const json = (v: unknown) => JSON.stringify(v);
      const npm = make(path.join(temp, 'npm'), {
        'package.json': json({ private: true, workspaces: ['packages/*', 'apps/web'] }),
        'packages/db/package.json': json({ name: '@acme/db', main: 'dist/cjs/index.js', types: 'dist/cjs/index.d.ts' }),
        'packages/db/src/index.ts': 'export const x = 1;',
        'packages/db/src/users/queries.ts': 'export const y = 1;',
        'packages/ui/package.json': json({ name: '@acme/ui', exports: { '.': { import: './src/main.ts' }, './hooks/*': './src/hooks/*.ts' } }),
        'packages/ui/src/main.ts': 'export const z = 1;',
        'packages/ui/src/hooks/use-user.ts': 'export const u = 1;',
        'packages/lib/package.json': json({ name: '@acme/lib' }),
        'packages/lib/server-only/create-user.ts': 'export const c = 1;',
        'apps/web/package.json': json({ name: 'web' }),
        'apps/web/app.ts': 'export const a = 1;',
      });
      // the build output the manifest names maps back to the source
      expect(npm('apps/web/app.ts', '@acme/db')).toBe(path.join(temp, 'npm/packages/db/src/index.ts'));
      // a deep import, under `src/`
      expect(npm('apps/web/app.ts', '@acme/db/users/queries')).toBe(path.join(temp, 'npm/packages/db/src/users/queries.ts'));
      // `exports`: the main entry's condition, and a subpath pattern
      expect(npm('apps/web/app.ts', '@acme/ui')).toBe(path.join(temp, 'npm/packages/ui/src/main.ts'));
      expect(npm('apps/web/app.ts', '@acme/ui/hooks/use-user')).toBe(path.join(temp, 'npm/packages/ui/src/hooks/use-user.ts'));
      // a package without a manifest entry, imported by path (documenso's `@documenso/lib/server-only/…`)
      expect(npm('apps/web/app.ts', '@acme/lib/server-only/create-user')).toBe(path.join(temp, 'npm/packages/lib/server-only/create-user.ts'));
      expect(npm('packages/db/src/index.ts', 'express')).toBeUndefined();

      const pnpm = make(path.join(temp, 'pnpm'), {
        'pnpm-workspace.yaml': 'packages:\n  - "apps/*"\n  - packages/*  # shared code\ncatalog:\n  zod: ^3.0.0\n',
        'packages/utils/package.json': json({ name: '@dub/utils', source: 'src/index.ts', main: 'dist/index.js' }),
        'packages/utils/src/index.ts': 'export const x = 1;',
        'apps/web/app.ts': 'export const a = 1;',
      });
      expect(pnpm('apps/web/app.ts', '@dub/utils')).toBe(path.join(temp, 'pnpm/packages/utils/src/index.ts'));

      // a workspace entry outside the scan root is not read
      make(path.join(temp, 'escape'), {
        'package.json': json({ private: true, workspaces: ['../npm/packages/db', 'packages/*'] }),
        'packages/ui/package.json': json({ name: '@escape/ui' }),
      });
      expect([...readWorkspacePackages(path.join(temp, 'escape')).keys()]).toEqual(['@escape/ui']);

      // a package.json without workspaces: package names are libraries
      const single = make(path.join(temp, 'single'), {
        'package.json': json({ name: 'app' }),
        'node_modules/@acme/db/package.json': json({ name: '@acme/db', main: 'index.js' }),
        'src/app.ts': 'export const a = 1;',
      });
      expect(single('src/app.ts', '@acme/db')).toBeUndefined();
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
  });
});
