// Package corpus owns kohyo's SQLite store: the crawled documents and their
// history, the extraction rows (dates, counts, attackers, categories,
// incident types), the crawl frontier and Colly's visited set, full-text
// search that works for Japanese words of any length, and export to CSV,
// JSON Lines and Parquet.
//
// A DB is opened with Open, which sets WAL mode, foreign keys and a busy
// timeout and migrates the schema from the embedded migrations/*.sql files
// (the version is SQLite's PRAGMA user_version). Writes go through one
// connection in short transactions (one per page); reads use a separate
// pool, so readers — kohyo search, sqlite3, pandas, DuckDB — are never
// blocked by a running crawl. The schema is documented in the README
// ("The corpus (SQLite schema)"), with example queries.
//
// The package must be built with the sqlite_fts5 build tag
// (go build -tags sqlite_fts5).
package corpus
