import type pg from "pg";

/**
 * A normalised, schema-name-free description of the tables in `schema`: per table (by name) its columns
 * (sorted by name — dbmate's ALTER TABLE ADD COLUMN appends, so physical order differs from a fresh install and
 * is deliberately not compared), their types, collations, nullability and defaults, then constraints and
 * indexes with their definitions. Two schemas are the same schema iff their dumps are equal strings.
 */
export async function dumpCatalog(pool: pg.Pool, schema: string): Promise<string> {
  const strip = (text: string): string => text.split(`${schema}.`).join("");
  const tables = await pool.query<{ table_name: string }>(
    `SELECT c.relname AS table_name
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'r'
     ORDER BY c.relname`,
    [schema],
  );
  const lines: string[] = [
    "-- Normalised catalog of the duraflows schema (generated; see test/integration/schema.test.ts).",
  ];
  for (const { table_name: table } of tables.rows) {
    lines.push(`TABLE ${table}`);
    const columns = await pool.query<{ line: string }>(
      `SELECT format('  COLUMN %s %s%s%s%s',
                a.attname,
                format_type(a.atttypid, a.atttypmod),
                CASE WHEN a.attcollation <> t.typcollation THEN ' COLLATE "' || co.collname || '"' ELSE '' END,
                CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END,
                CASE WHEN d.adbin IS NOT NULL THEN ' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid) ELSE '' END) AS line
       FROM pg_attribute a
       JOIN pg_type t ON t.oid = a.atttypid
       LEFT JOIN pg_collation co ON co.oid = a.attcollation
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE a.attrelid = format('%I.%I', $1::text, $2::text)::regclass
         AND a.attnum > 0
         AND NOT a.attisdropped
       ORDER BY a.attname`,
      [schema, table],
    );
    lines.push(...columns.rows.map((row) => row.line));
    const constraints = await pool.query<{ line: string }>(
      `SELECT format('  CONSTRAINT %s %s', conname, pg_get_constraintdef(oid)) AS line
       FROM pg_constraint
       WHERE conrelid = format('%I.%I', $1::text, $2::text)::regclass
       ORDER BY conname`,
      [schema, table],
    );
    lines.push(...constraints.rows.map((row) => strip(row.line)));
    const indexes = await pool.query<{ line: string }>(
      `SELECT format('  INDEX %s %s', c.relname, pg_get_indexdef(i.indexrelid)) AS line
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       WHERE i.indrelid = format('%I.%I', $1::text, $2::text)::regclass
       ORDER BY c.relname`,
      [schema, table],
    );
    lines.push(...indexes.rows.map((row) => strip(row.line)));
  }
  return lines.join("\n") + "\n";
}
