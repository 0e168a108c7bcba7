package main

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/cmd/kohyo/demosite"
	"github.com/kohyo-dev/kohyo/corpus"
)

// TestMain lets a test re-run this binary as the kohyo command (to kill it
// with SIGKILL mid-crawl).
func TestMain(m *testing.M) {
	if os.Getenv("KOHYO_TEST_MAIN") == "1" {
		main()
		return
	}
	// no user dictionary of the machine's config directory in the tests
	cfg, err := os.MkdirTemp("", "kohyo-config")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", cfg)
	code := m.Run()
	os.RemoveAll(cfg)
	removeBenchDirs()
	os.Exit(code)
}

// countingSite serves the demo site, counts requests per path and
// conditional requests, and can slow every response down.
type countingSite struct {
	h           http.Handler
	delay       atomic.Int64 // a time.Duration; atomic: a killed crawl's requests may still be served when a test changes it
	requests    atomic.Int64
	conditional atomic.Int64
	notModified atomic.Int64
}

func (s *countingSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
		s.conditional.Add(1)
	}
	if d := time.Duration(s.delay.Load()); d > 0 {
		time.Sleep(d)
	}
	rec := &statusRecorder{ResponseWriter: w}
	s.h.ServeHTTP(rec, r)
	if rec.status == http.StatusNotModified {
		s.notModified.Add(1)
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func openTestDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func queryInt(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// checkDemoCorpus asserts that every announcement of the demo site is
// stored once, decoded, extracted, and that robots.txt was obeyed.
func checkDemoCorpus(t *testing.T, dbPath, base string) {
	t.Helper()
	db := openTestDB(t, dbPath)
	for _, p := range demosite.Announcements {
		url := base + p.Path
		var id int
		var text, charset, title string
		err := db.QueryRow(`SELECT id, coalesce(text, ''), coalesce(charset, ''), coalesce(title, '') FROM documents WHERE url = ?`, url).Scan(&id, &text, &charset, &title)
		if err != nil {
			t.Errorf("%s not stored: %v", p.Path, err)
			continue
		}
		if strings.ContainsRune(text+title, '\uFFFD') || len([]rune(text)) < 50 || !strings.Contains(title, p.Title) {
			t.Errorf("%s: text garbled or empty, or title %q is not %q (charset %q)", p.Path, title, p.Title, charset)
		}
		if p.Charset != "" && !strings.EqualFold(charset, p.Charset) {
			t.Errorf("%s: decoded as %q, served as %q", p.Path, charset, p.Charset)
		}
		types := queryInt(t, db, `SELECT count(*) FROM incident_types WHERE doc_id = ?`, id)
		if p.IsIncident && types == 0 {
			t.Errorf("%s: an incident notice without incident types", p.Path)
		}
		if !p.IsIncident && types > 0 {
			t.Errorf("%s: not an incident, but has incident types", p.Path)
		}
	}
	for _, p := range demosite.Disallowed {
		if n := queryInt(t, db, `SELECT count(*) FROM documents WHERE url = ?`, base+p); n != 0 {
			t.Errorf("%s is disallowed by robots.txt but was stored", p)
		}
	}
	if n := queryInt(t, db, `SELECT count(*) FROM (SELECT url FROM documents GROUP BY url HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d URLs stored more than once", n)
	}
}

func TestCrawlDemoSiteAndRecrawl(t *testing.T) {
	site := &countingSite{h: demosite.Handler()}
	srv := httptest.NewServer(site)
	defer srv.Close()
	dbPath := filepath.Join(t.TempDir(), "corpus.db")
	args := []string{"crawl", "--db", dbPath, "--delay", "0", srv.URL + "/information/"}

	code, _, stderr := kohyo(t, "", args...)
	if code != exitOK {
		t.Fatalf("crawl: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "crawl done") {
		t.Errorf("no summary on stderr:\n%s", stderr)
	}
	checkDemoCorpus(t, dbPath, srv.URL)
	db := openTestDB(t, dbPath)
	docs := queryInt(t, db, `SELECT count(*) FROM documents WHERE text IS NOT NULL`)
	mentions := queryInt(t, db, `SELECT count(*) FROM dates`)
	if n := queryInt(t, db, `SELECT count(*) FROM incident_documents_view`); n < 5 {
		t.Errorf("incident_documents_view has %d rows", n)
	}

	// The second crawl asks conditionally and re-extracts nothing.
	site.conditional.Store(0)
	site.notModified.Store(0)
	code, _, stderr = kohyo(t, "", args...)
	if code != exitOK {
		t.Fatalf("second crawl: exit %d\n%s", code, stderr)
	}
	if site.conditional.Load() < int64(len(demosite.Announcements)) || site.notModified.Load() < int64(len(demosite.Announcements)) {
		t.Errorf("second crawl: %d conditional requests, %d answered 304; want at least one per announcement (%d)",
			site.conditional.Load(), site.notModified.Load(), len(demosite.Announcements))
	}
	if got := queryInt(t, db, `SELECT count(*) FROM documents WHERE text IS NOT NULL`); got != docs {
		t.Errorf("documents: %d after the second crawl, %d before", got, docs)
	}
	if got := queryInt(t, db, `SELECT count(*) FROM dates`); got != mentions {
		t.Errorf("date rows: %d after the second crawl, %d before", got, mentions)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM document_versions`); n != 0 {
		t.Errorf("%d versions kept though nothing changed", n)
	}

	// Search and export work on what was crawled.
	code, out, stderr := kohyo(t, "", "search", "--db", dbPath, "学歴")
	if code != exitOK || !strings.Contains(out, "/information/") {
		t.Errorf("search 学歴: exit %d\n%s\n%s", code, out, stderr)
	}
	code, out, stderr = kohyo(t, "", "export", "--db", dbPath, "--format", "jsonl")
	if code != exitOK || strings.Count(out, "\n") < 5 || !strings.Contains(out, `"victim"`) {
		t.Errorf("export: exit %d\n%s\n%s", code, out, stderr)
	}
	code, _, stderr = kohyo(t, "", "reextract", "--db", dbPath)
	if code != exitOK {
		t.Errorf("reextract: exit %d\n%s", code, stderr)
	}
	if got := queryInt(t, db, `SELECT count(*) FROM dates`); got != mentions {
		t.Errorf("date rows: %d after reextract, %d before", got, mentions)
	}
}

// TestCrawlResumesAfterSIGKILL kills a crawl with SIGKILL half-way and
// checks that running it again finishes with nothing lost or duplicated.
func TestCrawlResumesAfterSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	site := &countingSite{h: demosite.Handler()}
	site.delay.Store(int64(40 * time.Millisecond))
	srv := httptest.NewServer(site)
	defer srv.Close()
	dbPath := filepath.Join(t.TempDir(), "corpus.db")
	args := []string{"crawl", "--db", dbPath, "--delay", "0", srv.URL + "/information/"}

	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "KOHYO_TEST_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	stored := 0
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		if _, err := os.Stat(dbPath); err != nil {
			continue
		}
		db, err := corpus.Open(context.Background(), dbPath, corpus.ReadOnly())
		if err != nil {
			continue
		}
		stored, _, _ = db.CountDocuments(context.Background())
		db.Close()
		if stored >= 6 {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if stored < 6 {
		t.Fatalf("the first crawl stored %d documents before the deadline", stored)
	}
	db := openTestDB(t, dbPath)
	before := queryInt(t, db, `SELECT count(*) FROM documents WHERE text IS NOT NULL`)
	if before >= len(demosite.Announcements)+5 {
		t.Skipf("the crawl finished (%d documents) before it could be killed", before)
	}

	// Resume without naming the seed: the database knows it.
	site.delay.Store(0)
	code, _, stderr := kohyo(t, "", "crawl", "--db", dbPath, "--delay", "0")
	if code != exitOK {
		t.Fatalf("resumed crawl: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "crawl resumed") {
		t.Errorf("the second run did not resume the killed crawl:\n%s", stderr)
	}
	checkDemoCorpus(t, dbPath, srv.URL)
	if n := queryInt(t, db, `SELECT count(*) FROM document_versions`); n != 0 {
		t.Errorf("%d pages fetched twice with new content", n)
	}
	if n := queryInt(t, db, `SELECT count(*) FROM frontier WHERE state IN ('pending', 'in_flight')`); n != 0 {
		t.Errorf("%d frontier entries left unfinished", n)
	}
	t.Logf("killed after %d documents; resumed to %d", before, queryInt(t, db, `SELECT count(*) FROM documents WHERE text IS NOT NULL`))
}

func TestCrawlBadInput(t *testing.T) {
	dir := t.TempDir()
	seeds := filepath.Join(dir, "seeds.txt")
	os.WriteFile(seeds, []byte("# comment only\nnot a url\nftp://example.jp/\n\n"), 0o644)
	tests := []struct {
		name    string
		args    []string
		want    int
		wantErr string
	}{
		{"no seeds", []string{"crawl", "--db", filepath.Join(dir, "a.db")}, exitUsage, "no seed"},
		{"junk seeds file", []string{"crawl", "--db", filepath.Join(dir, "b.db"), "--seeds", seeds}, exitUsage, "no seed"},
		{"bad seed", []string{"crawl", "--db", filepath.Join(dir, "c.db"), "mailto:x@example.jp"}, exitUsage, "not an http(s) URL"},
		{"bad scope", []string{"crawl", "--scope", "planet", "http://127.0.0.1:1/"}, exitUsage, "scope"},
		{"bad regexp", []string{"crawl", "--exclude", "(", "http://127.0.0.1:1/"}, exitUsage, "--exclude"},
		{"missing seeds file", []string{"crawl", "--seeds", filepath.Join(dir, "none.txt")}, exitFailure, "no such file"},
		{"search without db", []string{"search", "--db", filepath.Join(dir, "none.db"), "氏名"}, exitFailure, "kohyo crawl"},
		{"export bad table", []string{"export", "--db", filepath.Join(dir, "none.db"), "--table", "nope"}, exitUsage, "--table"},
		{"export bad format", []string{"export", "--format", "xls"}, exitUsage, "format"},
		{"nothing listening", []string{"crawl", "--db", filepath.Join(dir, "d.db"), "--delay", "0", "http://127.0.0.1:1/information/"}, exitFailure, "nothing could be fetched"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := kohyo(t, "", tt.args...)
			if code != tt.want || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", code, tt.want, stderr, tt.wantErr)
			}
		})
	}
	// A corrupted database file is a clear error, not a panic.
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, []byte(strings.Repeat("not a database ", 100)), 0o644)
	code, _, stderr := kohyo(t, "", "crawl", "--db", bad, "http://127.0.0.1:1/")
	if code != exitFailure || !strings.Contains(stderr, bad) {
		t.Errorf("corrupted db: exit %d, stderr %q", code, stderr)
	}
}

// A second crawl of a database another process is crawling refuses, with
// a message that says why.
func TestSecondCrawlRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	site := &countingSite{h: demosite.Handler()}
	site.delay.Store(int64(200 * time.Millisecond))
	srv := httptest.NewServer(site)
	defer srv.Close()
	dbPath := filepath.Join(t.TempDir(), "corpus.db")
	first := exec.Command(os.Args[0], "crawl", "--db", dbPath, "--delay", "0", srv.URL+"/information/")
	first.Env = append(os.Environ(), "KOHYO_TEST_MAIN=1")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { first.Process.Kill(); first.Wait() }()
	for deadline := time.Now().Add(60 * time.Second); ; {
		if b, err := os.ReadFile(dbPath + "-crawl.lock"); err == nil && len(b) > 0 && site.requests.Load() > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first crawl did not start")
		}
		time.Sleep(20 * time.Millisecond)
	}
	code, _, stderr := kohyo(t, "", "crawl", "--db", dbPath, "--delay", "0", srv.URL+"/information/")
	if code != exitFailure || !strings.Contains(stderr, "one crawl per database") || !strings.Contains(stderr, "pid "+strconv.Itoa(first.Process.Pid)) {
		t.Errorf("second crawl: exit %d, stderr %q", code, stderr)
	}
}

// The demo's one command works, and its summary counts the English page
// as a document in another language, not as a crawl error.
func TestDemoSummary(t *testing.T) {
	code, out, stderr := kohyo(t, "", "demo", "--db", filepath.Join(t.TempDir(), "demo.db"), "--delay", "0")
	if code != exitOK {
		t.Fatalf("demo: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "; 1 in another language)") || !strings.Contains(stderr, " 0 errors, 0 skipped (not a document)") {
		t.Errorf("demo summary: %s", stderr)
	}
	if !strings.Contains(out, "Incidents in ") {
		t.Errorf("demo output: %s", out)
	}
}
