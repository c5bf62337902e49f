import { describe, expect, it } from 'vitest';
import { SqlDatabase } from './sql-database.js';

describe('SqlDatabase statement cache', () => {
  it('reads rows by column name with cached names, and sees new columns after a schema change', async () => {
    const db = await SqlDatabase.open();
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT)');
    db.run('INSERT INTO t (a) VALUES (?)', ['x']);
    expect(db.get('SELECT * FROM t WHERE id = ?', [1])).toEqual({ id: 1, a: 'x' });
    expect(db.all('SELECT * FROM t')).toEqual([{ id: 1, a: 'x' }]);

    db.run('ALTER TABLE t ADD COLUMN b INTEGER NOT NULL DEFAULT 7');
    expect(db.get('SELECT * FROM t WHERE id = ?', [1])).toEqual({ id: 1, a: 'x', b: 7 });
    expect(db.all('SELECT * FROM t')).toEqual([{ id: 1, a: 'x', b: 7 }]);

    // A transaction's BEGIN/COMMIT keeps the names; a script with DDL in it forgets them.
    db.exec('BEGIN');
    db.exec('COMMIT');
    expect(db.get('SELECT * FROM t WHERE id = ?', [1])).toEqual({ id: 1, a: 'x', b: 7 });
    db.exec('-- a migration\nALTER TABLE t RENAME COLUMN a TO c');
    expect(db.get('SELECT * FROM t WHERE id = ?', [1])).toEqual({ id: 1, c: 'x', b: 7 });
    expect(db.get('SELECT * FROM t WHERE id = ?', [2])).toBeUndefined();

    // Export frees every statement; reads after it prepare again.
    db.export();
    expect(db.all('SELECT * FROM t')).toEqual([{ id: 1, c: 'x', b: 7 }]);
    db.close();
  });
});
