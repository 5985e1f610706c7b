/** Small source files shared by the integration tests. */

/** An Express route with one SQL injection (line 8). */
export const VULNERABLE = [
  "import express from 'express';",
  "import mysql from 'mysql';",
  '',
  'const app = express();',
  "const connection = mysql.createConnection({ host: 'localhost' });",
  '',
  "app.get('/user', (req, res) => {",
  "  connection.query('SELECT * FROM users WHERE id = ' + req.query.id, (_e: unknown, rows: unknown) => res.json(rows));",
  '});',
  '',
].join('\n');

/** The same route, parameterised. */
export const FIXED = VULNERABLE.replace("'SELECT * FROM users WHERE id = ' + req.query.id,", "'SELECT * FROM users WHERE id = ?', [req.query.id],");
