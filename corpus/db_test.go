package corpus

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

func TestOpenMigratesOnceAndReopens(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v != latestVersion() || v < 1 {
		t.Fatalf("schema version %d, want %d", v, latestVersion())
	}
	var mode string
	if err := db.read.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode %q %v, want wal", mode, err)
	}
	var fk int
	if err := db.write.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Fatalf("foreign_keys %d %v", fk, err)
	}
	if _, err := db.StoreDocument(ctx, testDoc("https://www.example.co.jp/info/1.html", breachTitle, breachText), breachResult(t)); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Reopening (twice, concurrently) must not re-run migrations or lose data.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db2, err := Open(ctx, path)
			if err == nil {
				err = db2.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	db3, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db3.Close()
	if v2, _ := db3.SchemaVersion(ctx); v2 != v {
		t.Fatalf("version after reopen %d, want %d", v2, v)
	}
	if n := count(t, db3, `SELECT count(*) FROM documents`); n != 1 {
		t.Fatalf("documents after reopen: %d", n)
	}
}

func TestMigrationsAreNumbered(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) == 0 {
		t.Fatal("no migrations embedded")
	}
}

// Versions must increase and start at 1; a gap is allowed, so that a
// branch's migration can land before a lower-numbered one of another branch.
func TestMigrationNumbering(t *testing.T) {
	sqlFile := &fstest.MapFile{Data: []byte("SELECT 1;")}
	tests := []struct {
		files []string
		want  []int // nil: an error
	}{
		{[]string{"0001_init.sql"}, []int{1}},
		{[]string{"0001_init.sql", "0004_x.sql"}, []int{1, 4}},
		{[]string{"0004_x.sql", "0001_init.sql", "0002_y.sql"}, []int{1, 2, 4}},
		{[]string{"0002_y.sql"}, nil},
		{[]string{"0001_init.sql", "0001_again.sql"}, nil},
		{[]string{"0001_init.sql", "x_bad.sql"}, nil},
		{[]string{"0001_init.sql", "0000_zero.sql"}, nil},
	}
	for _, tt := range tests {
		fsys := fstest.MapFS{}
		for _, f := range tt.files {
			fsys["migrations/"+f] = sqlFile
		}
		ms, err := migrationsIn(fsys)
		var got []int
		for _, m := range ms {
			got = append(got, m.version)
		}
		if tt.want == nil {
			if err == nil {
				t.Errorf("%v: no error, versions %v", tt.files, got)
			}
			continue
		}
		if err != nil || fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%v: versions %v, %v; want %v", tt.files, got, err, tt.want)
		}
	}
}

// A corpus written before the trigram index (version 1) gets it filled
// when kohyo opens it, so that substring search finds its documents.
func TestOpenOldCorpusFillsTrigramIndex(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	initSQL, err := migrationFS.ReadFile("migrations/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{string(initSQL),
		`INSERT INTO documents (url, site, title, text, sha256) VALUES ('https://www.example.co.jp/a.html', 'www.example.co.jp', 'お知らせ', '当社はランサムウェア被害を受けました。', 'x')`,
		`INSERT INTO search (rowid, title, body, chars) VALUES (1, 'お知らせ', 'kagome words', '当 社')`,
		`PRAGMA user_version = 1`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hits, err := db.Search(ctx, "ランサム", SearchOptions{})
	if err != nil || len(hits) != 1 || hits[0].Mode != SearchSubstring {
		t.Fatalf("substring search on a migrated corpus: %+v %v", hits, err)
	}
	if n := count(t, db, `SELECT count(*) FROM search`); n != 1 {
		t.Errorf("search rows %d, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM documents WHERE warc_file IS NULL`); n != 1 {
		t.Errorf("warc_file column: %d rows", n)
	}
}

func TestOpenBadFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()

	// A valid database with a schema newer than this code.
	newer := filepath.Join(dir, "newer.db")
	{
		raw, err := sql.Open("sqlite3", newer)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`PRAGMA user_version = 999`); err != nil {
			t.Fatal(err)
		}
		raw.Close()
	}
	// A file with SQLite's header and garbage after it.
	damaged := append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xAB}, 8192)...)

	// A real corpus whose schema page is overwritten after the header.
	broken := filepath.Join(dir, "broken.db")
	if db, err := Open(ctx, broken); err != nil {
		t.Fatal(err)
	} else {
		db.Close()
	}
	if f, err := os.OpenFile(broken, os.O_WRONLY, 0); err != nil {
		t.Fatal(err)
	} else {
		f.WriteAt(bytes.Repeat([]byte{0xFF}, 3000), 100)
		f.Close()
	}

	readOnly := filepath.Join(dir, "ro.db")
	if db, err := Open(ctx, readOnly); err != nil {
		t.Fatal(err)
	} else {
		db.Close()
	}
	if err := os.Chmod(readOnly, 0o444); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		content []byte // written to a fresh file when not nil
		path    string // or an existing file
		opts    []Option
		want    error
		msg     string
	}{
		{name: "text file", content: []byte(strings.Repeat("これはデータベースではありません。\n", 300)), want: ErrCorrupt, msg: "corrupted"},
		{name: "damaged header", content: damaged, want: ErrCorrupt, msg: "corrupted"},
		{name: "damaged schema page", path: broken, want: ErrCorrupt, msg: "corrupted"},
		{name: "read-only file", path: readOnly, want: ErrReadOnly, msg: "read-only"},
		{name: "schema too new", path: newer, want: ErrSchemaTooNew, msg: "newer"},
		{name: "read-only open of missing file", path: filepath.Join(dir, "missing.db"), opts: []Option{ReadOnly()}, want: os.ErrNotExist},
		{name: "directory", path: dir, msg: "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path
			if tt.content != nil {
				path = filepath.Join(t.TempDir(), "bad.db")
				if err := os.WriteFile(path, tt.content, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			db, err := Open(ctx, path, tt.opts...)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded")
			}
			var oe *OpenError
			if !errors.As(err, &oe) || oe.Path != path {
				t.Errorf("error %v is not an *OpenError for %s", err, path)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v is not %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.msg) || !strings.Contains(err.Error(), path) {
				t.Errorf("error %q should name the file and say %q", err, tt.msg)
			}
			t.Log(err)
		})
	}
}

func TestReadOnlyOpenReadsButDoesNotWrite(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	if _, err := db.StoreDocument(ctx, testDoc("https://www.example.co.jp/info/1.html", breachTitle, breachText), breachResult(t)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(ctx, path, ReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	hits, err := ro.Search(ctx, "学歴", SearchOptions{})
	if err != nil || len(hits) != 1 {
		t.Fatalf("search on read-only db: %v %v", hits, err)
	}
	if _, _, err := OpenFrontier(ctx, ro); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("write on read-only db: %v, want ErrReadOnly", err)
	}
}

// A reader must get answers while a crawl holds the write lock.
func TestReadersNotBlockedByWriter(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	if _, err := db.StoreDocument(ctx, testDoc("https://www.example.co.jp/info/1.html", breachTitle, breachText), breachResult(t)); err != nil {
		t.Fatal(err)
	}
	holding, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db.update(ctx, func(tx *sql.Tx) error {
			if _, err := tx.Exec(`UPDATE documents SET title = 'x'`); err != nil {
				return err
			}
			close(holding)
			<-release
			return nil
		})
	}()
	<-holding
	// Same process, read pool.
	rctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if hits, err := db.Search(rctx, "氏名", SearchOptions{}); err != nil || len(hits) != 1 {
		t.Errorf("search during write: %v %v", hits, err)
	}
	if _, err := db.CountFrontier(rctx); err != nil {
		t.Errorf("frontier counts during write: %v", err)
	}
	// Another process's view: a separate read-only DB on the same file.
	other, err := Open(rctx, path, ReadOnly(), WithBusyTimeout(0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Export(rctx, &bytes.Buffer{}, "incidents", CSV); err != nil {
		t.Errorf("export during write: %v", err)
	}
	other.Close()
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestOpenOddPath(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "公表 a?b#c%20d.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not created at %q: %v", path, err)
	}
}
