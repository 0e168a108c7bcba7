package corpus

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Errors callers may test for with errors.Is.
var (
	// ErrCorrupt: the file is not a SQLite database or is damaged.
	ErrCorrupt = errors.New("database file is corrupted or is not a SQLite database")
	// ErrReadOnly: the file (or its directory) cannot be written.
	ErrReadOnly = errors.New("database file is read-only")
	// ErrSchemaTooNew: the file was written by a newer kohyo.
	ErrSchemaTooNew = errors.New("database schema is newer than this kohyo understands")
	// ErrSchemaTooOld: a read-only open found a schema that needs migrating.
	ErrSchemaTooOld = errors.New("database schema is older than this kohyo; open it once read-write to migrate")
	// ErrDiskFull: SQLite could not write because the disk is full.
	ErrDiskFull = errors.New("disk full")
	// ErrNotFound: no row for the given URL or id.
	ErrNotFound = errors.New("not found")
	// ErrFrontierEmpty: no pending URL in the frontier.
	ErrFrontierEmpty = errors.New("frontier has no pending url")
)

// OpenError reports why a database file could not be opened. Err wraps
// one of ErrCorrupt, ErrReadOnly, ErrSchemaTooNew, ErrSchemaTooOld or the
// underlying SQLite / OS error.
type OpenError struct {
	Path string
	Err  error
}

func (e *OpenError) Error() string { return fmt.Sprintf("corpus: open %s: %v", e.Path, e.Err) }

// Unwrap returns the underlying error.
func (e *OpenError) Unwrap() error { return e.Err }

// DB is a kohyo corpus: one SQLite file. It is safe for concurrent use.
type DB struct {
	path     string
	write    *sql.DB // one connection: writes are serialised in Go, never SQLITE_BUSY among ourselves
	read     *sql.DB // readers; WAL lets them run beside a writer
	readOnly bool

	reindexOnOpen bool // migrate found a corpus older than trigramVersion

	segment     Segmenter
	log         *slog.Logger
	now         func() time.Time
	busyTimeout time.Duration
}

// Option configures Open.
type Option func(*DB) error

// Segmenter splits text into words. cmd/kohyo passes
// (*extract.Extractor).Wakati; the default splits at changes of script.
type Segmenter func(string) []string

// WithSegmenter sets the word segmenter used to index and query full-text
// search. Index and queries must use the same one (see Reindex).
func WithSegmenter(s Segmenter) Option {
	return func(db *DB) error {
		if s == nil {
			return errors.New("nil segmenter")
		}
		db.segment = s
		return nil
	}
}

// WithLogger sets the logger for problems that cannot be returned
// (Colly's storage interface has no error results). Default: discard.
func WithLogger(l *slog.Logger) Option {
	return func(db *DB) error {
		if l == nil {
			return errors.New("nil logger")
		}
		db.log = l
		return nil
	}
}

// WithClock sets the clock for bookkeeping times (checked_at, added_at).
func WithClock(now func() time.Time) Option {
	return func(db *DB) error {
		if now == nil {
			return errors.New("nil clock")
		}
		db.now = now
		return nil
	}
}

// WithBusyTimeout sets how long a statement waits for another process's
// lock before failing. Default 10s.
func WithBusyTimeout(d time.Duration) Option {
	return func(db *DB) error {
		if d < 0 {
			return fmt.Errorf("negative busy timeout %v", d)
		}
		db.busyTimeout = d
		return nil
	}
}

// ReadOnly opens the database for reading only: no migration, every write
// fails. Use it for search and export on a file you may not write.
func ReadOnly() Option {
	return func(db *DB) error {
		db.readOnly = true
		return nil
	}
}

// Open opens (creating if needed) the corpus at path and migrates it to
// the current schema. Errors are *OpenError.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	db := &DB{
		path:        path,
		segment:     ScriptSegmenter,
		log:         slog.New(slog.DiscardHandler),
		now:         time.Now,
		busyTimeout: 10 * time.Second,
	}
	for _, o := range opts {
		if err := o(db); err != nil {
			return nil, &OpenError{Path: path, Err: err}
		}
	}
	if path == "" {
		return nil, &OpenError{Path: path, Err: errors.New("empty path")}
	}
	if err := db.open(ctx); err != nil {
		db.Close()
		return nil, &OpenError{Path: path, Err: err}
	}
	return db, nil
}

func (db *DB) open(ctx context.Context) error {
	fi, err := os.Stat(db.path)
	switch {
	case err == nil && fi.IsDir():
		return fmt.Errorf("is a directory")
	case err == nil && !db.readOnly && fi.Mode().Perm()&0o222 == 0:
		// Checked by hand because root would write it anyway.
		return fmt.Errorf("%w (mode %v); open it read-only to search or export", ErrReadOnly, fi.Mode().Perm())
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	case err != nil && db.readOnly:
		return err
	}

	ms := db.busyTimeout.Milliseconds()
	if db.readOnly {
		db.read, err = sql.Open("sqlite3", dsn(db.path, "mode=ro", "_busy_timeout="+strconv.FormatInt(ms, 10), "_foreign_keys=on"))
		if err != nil {
			return err
		}
		var v int
		if err := db.read.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
			return classify(err)
		}
		if err := checkSchema(ctx, db.read); err != nil {
			return classify(err)
		}
		switch latest := latestVersion(); {
		case v > latest:
			return fmt.Errorf("%w (file %d, known %d)", ErrSchemaTooNew, v, latest)
		case v < latest:
			return fmt.Errorf("%w (file %d, current %d)", ErrSchemaTooOld, v, latest)
		}
		return nil
	}

	db.write, err = sql.Open("sqlite3", dsn(db.path,
		"_journal_mode=WAL", "_foreign_keys=on", "_synchronous=NORMAL",
		"_busy_timeout="+strconv.FormatInt(ms, 10), "_txlock=immediate", "_stmt_cache_size=64"))
	if err != nil {
		return err
	}
	db.write.SetMaxOpenConns(1)
	db.write.SetConnMaxIdleTime(0)
	// The first query makes SQLite read the header: a junk file fails here.
	if err := db.write.PingContext(ctx); err != nil {
		return classify(err)
	}
	if err := checkSchema(ctx, db.write); err != nil {
		return classify(err)
	}
	var mode string
	if err := db.write.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		return classify(err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("could not enable WAL (journal_mode is %q)", mode)
	}
	if err := db.migrate(ctx); err != nil {
		return classify(err)
	}
	db.read, err = sql.Open("sqlite3", dsn(db.path, "_foreign_keys=on", "_busy_timeout="+strconv.FormatInt(ms, 10)))
	if err != nil {
		return err
	}
	if err := db.read.PingContext(ctx); err != nil {
		return classify(err)
	}
	if db.reindexOnOpen {
		db.log.Info("corpus: rebuilding the search index for schema version 6", "path", db.path)
		if _, err := db.Reindex(ctx); err != nil {
			return err
		}
	}
	return nil
}

// checkSchema runs a cheap query over sqlite_schema so that a file with a
// valid header but garbage pages fails at open, not at first use.
func checkSchema(ctx context.Context, q *sql.DB) error {
	var n int
	return q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema`).Scan(&n)
}

func dsn(path string, params ...string) string {
	var b strings.Builder
	b.WriteString("file:")
	for _, r := range path {
		switch r {
		case '?', '#', '%':
			fmt.Fprintf(&b, "%%%02X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('?')
	b.WriteString(strings.Join(params, "&"))
	return b.String()
}

// Close closes the database. It is safe to call on a nil or half-open DB.
func (db *DB) Close() error {
	if db == nil {
		return nil
	}
	var errs []error
	if db.write != nil {
		// Fold the WAL back into the main file so a closed corpus is one file.
		if _, err := db.write.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			db.log.Debug("corpus: checkpoint on close", "err", err)
		}
		errs = append(errs, db.write.Close())
	}
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("corpus: close: %w", err)
	}
	return nil
}

// Optimize merges the search index's segments and updates SQLite's
// query-planner statistics. Run it after a large crawl or reextract.
func (db *DB) Optimize(ctx context.Context) error {
	err := db.update(ctx, func(tx *sql.Tx) error {
		for _, table := range []string{"search", "search_trigram"} {
			if _, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+table+`) VALUES ('optimize')`); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		_, err = db.write.ExecContext(ctx, `PRAGMA optimize`)
	}
	if err != nil {
		return fmt.Errorf("corpus: optimize: %w", classify(err))
	}
	return nil
}

// Path returns the database file name.
func (db *DB) Path() string { return db.path }

// SchemaVersion returns the schema version stored in the file.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := db.read.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("corpus: schema version: %w", classify(err))
	}
	return v, nil
}

type migration struct {
	version int
	name    string
}

func migrations() ([]migration, error) { return migrationsIn(migrationFS) }

func migrationsIn(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		num, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number", base)
		}
		ms = append(ms, migration{version: v, name: n})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	// Versions increase strictly; a gap is allowed (branches number their
	// migrations ahead of the ones not merged yet).
	for i := range ms {
		if i == 0 && ms[i].version != 1 {
			return nil, fmt.Errorf("migration %s: the first migration must be 0001", ms[i].name)
		}
		if i > 0 && ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s have the same version", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

func latestVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate applies every migration newer than PRAGMA user_version, each in
// its own transaction together with the version bump. user_version is the
// number of the last migration applied; numbers may leave gaps.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	latest := ms[len(ms)-1].version
	var from int
	if err := db.write.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&from); err != nil {
		return err
	}
	for _, m := range ms {
		err := db.update(ctx, func(tx *sql.Tx) error {
			var v int
			if err := tx.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v); err != nil {
				return err
			}
			if v > latest {
				return fmt.Errorf("%w (file %d, known %d)", ErrSchemaTooNew, v, latest)
			}
			if v >= m.version {
				return nil
			}
			buf, err := fs.ReadFile(migrationFS, m.name)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(buf)); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, m.version))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate %s: %w", strings.TrimPrefix(m.name, "migrations/"), err)
		}
	}
	// Version 6 added the trigram index and segments the word index by
	// script: an older corpus is reindexed once, after the readers open.
	db.reindexOnOpen = from > 0 && from < trigramVersion && latest >= trigramVersion
	return nil
}

// trigramVersion is the schema version that added search_trigram.
const trigramVersion = 6

// update runs fn in a write transaction (BEGIN IMMEDIATE), committing when
// fn returns nil. Keep fn short: it holds the database's write lock.
func (db *DB) update(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	if db.write == nil {
		return fmt.Errorf("%w (opened read-only)", ErrReadOnly)
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err := fn(tx); err != nil {
		return classify(err)
	}
	return classify(tx.Commit())
}

// classify maps SQLite error codes to the package's sentinel errors,
// keeping the original in the chain.
func classify(err error) error {
	if err == nil {
		return nil
	}
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrNotADB, sqlite3.ErrCorrupt:
		if errors.Is(err, ErrCorrupt) {
			return err
		}
		return fmt.Errorf("%w: %w", ErrCorrupt, err)
	case sqlite3.ErrReadonly:
		if errors.Is(err, ErrReadOnly) {
			return err
		}
		return fmt.Errorf("%w: %w", ErrReadOnly, err)
	case sqlite3.ErrFull:
		if errors.Is(err, ErrDiskFull) {
			return err
		}
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	}
	return err
}

// Times are stored as RFC 3339 UTC text, second precision.
func formatTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func parseTime(s sql.NullString) time.Time {
	if !s.Valid {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339, s.String)
	return t
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Query runs a read-only SQL query on the reader pool: for ad-hoc reports
// over the documented schema (the incidents view, the mention tables).
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("corpus: query: %w", classify(err))
	}
	return rows, nil
}
