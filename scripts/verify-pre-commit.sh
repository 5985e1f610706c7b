#!/usr/bin/env bash
# Checks the pre-commit hook with the pre-commit framework itself, by hand (CI does not run this: it needs the
# `pre-commit` executable, e.g. `apt-get install pre-commit` or `pipx install pre-commit`).
#
# 1. Clones this repository into a temporary folder and commits there the uncommitted changes of the work tree
#    (all of them, or only the paths given as arguments: `scripts/verify-pre-commit.sh package.json src/cli`).
#    dist/ is not committed, so every install has to build it.
# 2. Installs the clone as an npm git dependency (git+file://): npm installs the devDependencies of a git
#    dependency and runs `prepare` (tsc) before packing it.
# 3. Points a throwaway repository's .pre-commit-config.yaml at the clone and runs `pre-commit run --files bad.ts`:
#    it must fail on the SQL injection, pass once the file is fixed, and `git commit` must be blocked by the hook.
# Exit 0 when every step behaved as expected.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
command -v pre-commit >/dev/null || { echo "verify-pre-commit: pre-commit is not on PATH (apt-get install pre-commit)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/tsaudit-verify-XXXXXX")
trap 'rm -rf "$work"' EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'verify-pre-commit: FAILED: %s\n' "$*" >&2; exit 1; }

step "clone $here with its uncommitted changes${1:+ in: $*}"
clone="$work/tsaudit"
git clone -q "$here" "$clone"
(cd "$here" && git ls-files -z --modified --others --exclude-standard -- "$@") | while IFS= read -r -d '' f; do
  if [ -e "$here/$f" ]; then
    mkdir -p "$clone/$(dirname "$f")"
    cp -p "$here/$f" "$clone/$f"
  else
    rm -f "$clone/$f"
  fi
done
git -C "$clone" add -A
git -C "$clone" -c user.name=verify -c user.email=verify@localhost commit -q --allow-empty -m 'work tree under test'
rev=$(git -C "$clone" rev-parse HEAD)
echo "clone at $rev (dist/ committed: $(git -C "$clone" ls-files dist | wc -l) files)"

step "npm install git+file://$clone#$rev (a git dependency is built by its prepare script)"
consumer="$work/consumer"
mkdir "$consumer"
printf '{ "name": "consumer", "private": true }\n' > "$consumer/package.json"
(cd "$consumer" && npm install --no-audit --no-fund --loglevel=error "git+file://$clone#$rev")
(cd "$consumer" && echo "npx tsaudit --version: $(npx --no-install tsaudit --version)")
[ -f "$consumer/node_modules/tsaudit/dist/src/cli.js" ] || fail "the git install has no dist/src/cli.js"

step "pre-commit run with the hook from $clone"
repo="$work/project"
mkdir "$repo"
git -C "$repo" init -q
git -C "$repo" config user.name verify
git -C "$repo" config user.email verify@localhost
cat > "$repo/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $clone
    rev: $rev
    hooks:
      - id: tsaudit
YAML
mkdir -p "$repo/src/routes"
cat > "$repo/src/routes/users.ts" <<'TS'
import express from 'express';
import mysql from 'mysql';

const app = express();
const connection = mysql.createConnection({ host: 'localhost' });

app.get('/user', (req, res) => {
  connection.query('SELECT * FROM users WHERE id = ' + req.query.id, (_e: unknown, rows: unknown) => res.json(rows));
});
TS
git -C "$repo" add -A
export PRE_COMMIT_HOME="$work/pre-commit-cache"
cd "$repo"

step "pre-commit run --files src/routes/users.ts (vulnerable: must fail)"
if pre-commit run --color never --files src/routes/users.ts; then fail "the hook passed on a SQL injection"; fi

step "pre-commit install; git commit (vulnerable: must be blocked)"
pre-commit install >/dev/null
if git commit -q -m 'add users route' 2>&1; then fail "git commit went through with a SQL injection staged"; fi

step "fix the file: pre-commit run --files src/routes/users.ts (must pass)"
sed -i "s/'SELECT \* FROM users WHERE id = ' + req.query.id,/'SELECT * FROM users WHERE id = ?', [req.query.id],/" src/routes/users.ts
grep -n 'connection.query' src/routes/users.ts
pre-commit run --color never --files src/routes/users.ts || fail "the hook failed on the fixed file"

step "git add; git commit (fixed: must go through)"
git add -A
git commit -q -m 'add users route' || fail "git commit was blocked after the fix"
git log --oneline

printf '\nverify-pre-commit: OK\n'
