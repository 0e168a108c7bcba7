package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/nlnwa/gowarc/v3"

	"github.com/kohyo-dev/kohyo/cmd/kohyo/demosite"
)

// warcRecord is one record as gowarc's file reader lists it.
type warcRecord struct {
	typ, uri, payloadSHA256 string
}

// listWARC reads every WARC file of dir with the library's reader and
// returns the records by file@offset.
func listWARC(t *testing.T, dir string) map[string]warcRecord {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no WARC files in %s: %v", dir, err)
	}
	out := map[string]warcRecord{}
	for _, f := range files {
		r, err := gowarc.NewWarcFileReader(f, 0)
		if err != nil {
			t.Fatal(err)
		}
		for rec, err := range r.Records() {
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			wr := rec.WarcRecord
			lr := warcRecord{typ: wr.Type().String(), uri: wr.WarcHeader().Get(gowarc.WarcTargetURI)}
			if hb, ok := wr.Block().(gowarc.HttpResponseBlock); ok && wr.Type() == gowarc.Response {
				pr, err := hb.PayloadBytes()
				if err != nil {
					t.Fatal(err)
				}
				h := sha256.New()
				io.Copy(h, pr)
				lr.payloadSHA256 = hex.EncodeToString(h.Sum(nil))
			}
			out[fmt.Sprintf("%s@%d", filepath.Base(f), rec.Offset)] = lr
			rec.Close()
		}
		r.Close()
	}
	return out
}

// facts is every extracted fact of a corpus, one line per row, sorted.
func facts(t *testing.T, db *sql.DB) string {
	t.Helper()
	var lines []string
	for _, q := range []string{
		`SELECT url, coalesce(title,''), coalesce(published,''), coalesce(published_source,''), coalesce(victim,''), coalesce(text,'') FROM documents`,
		`SELECT d.url, x.seq, x.value, x.precision, x.text, x.start, x."end" FROM dates x JOIN documents d ON d.id = x.doc_id`,
		`SELECT d.url, x.seq, x.value, x.counter, x.qualifier, x.text, x.start FROM counts x JOIN documents d ON d.id = x.doc_id`,
		`SELECT d.url, x.seq, x.name, x.known, x.text, x.start FROM attackers x JOIN documents d ON d.id = x.doc_id`,
		`SELECT d.url, x.seq, x.category, x.text, x.start FROM categories x JOIN documents d ON d.id = x.doc_id`,
		`SELECT d.url, x.seq, x.type, coalesce(x.text,''), coalesce(x.start,-1) FROM incident_types x JOIN documents d ON d.id = x.doc_id`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprint(vals...))
		}
		rows.Close()
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// A crawl archives every response as WARC that the library's reader lists
// record by record, each stored document points at its response record,
// a recrawl's 304s are revisit records, and reextract --from-warc, with the
// site gone, gives the same facts and repairs a text from the archive.
func TestCrawlWritesWARCAndReextractsFromIt(t *testing.T) {
	site := &countingSite{h: demosite.Handler()}
	srv := httptest.NewServer(site)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "corpus.db")
	warcDir := filepath.Join(dir, "corpus-warc")
	args := []string{"crawl", "--db", dbPath, "--delay", "0", srv.URL + "/information/"}
	if code, _, stderr := kohyo(t, "", args...); code != exitOK {
		t.Fatalf("crawl: exit %d\n%s", code, stderr)
	}
	recs := listWARC(t, warcDir)
	db := openTestDB(t, dbPath)
	rows, err := db.Query(`SELECT url, final_url, sha256, warc_file, warc_offset FROM documents WHERE text IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	docs := 0
	for rows.Next() {
		var u, final, sum string
		var file sql.NullString
		var off sql.NullInt64
		if err := rows.Scan(&u, &final, &sum, &file, &off); err != nil {
			t.Fatal(err)
		}
		docs++
		if !file.Valid {
			t.Errorf("%s: no WARC record", u)
			continue
		}
		r, ok := recs[fmt.Sprintf("%s@%d", file.String, off.Int64)]
		switch {
		case !ok:
			t.Errorf("%s: no record at %s@%d", u, file.String, off.Int64)
		case r.typ != "response" || r.uri != final:
			t.Errorf("%s: record at %s@%d is a %s of %s", u, file.String, off.Int64, r.typ, r.uri)
		case r.payloadSHA256 != sum:
			t.Errorf("%s: archived payload sha256 %s, stored %s", u, r.payloadSHA256, sum)
		}
	}
	rows.Close()
	if docs < len(demosite.Announcements) {
		t.Fatalf("%d documents", docs)
	}
	types := map[string]int{}
	for _, r := range recs {
		types[r.typ]++
	}
	if types["request"] != types["response"] || types["warcinfo"] != 1 || types["response"] < docs {
		t.Errorf("record types %v for %d documents", types, docs)
	}

	// A recrawl: the 304s become revisit records.
	if code, _, stderr := kohyo(t, "", args...); code != exitOK {
		t.Fatalf("recrawl: exit %d\n%s", code, stderr)
	}
	revisits := 0
	for _, r := range listWARC(t, warcDir) {
		if r.typ == "revisit" {
			revisits++
		}
	}
	if revisits < len(demosite.Announcements) || int64(revisits) < site.notModified.Load() {
		t.Errorf("%d revisit records for %d 304 answers", revisits, site.notModified.Load())
	}

	// The archived page, as served (Shift_JIS bytes and all).
	var sjis string
	for _, a := range demosite.Announcements {
		if a.Charset == demosite.ShiftJIS {
			sjis = srv.URL + a.Path
			break
		}
	}
	code, out, stderr := kohyo(t, "", "warc", "show", "--db", dbPath, sjis)
	if code != exitOK || !strings.HasPrefix(out, "HTTP/1.1 200 OK\r\n") || !strings.Contains(out, "\r\n\r\n<") {
		t.Errorf("warc show: exit %d\n%.300s\n%s", code, out, stderr)
	}
	code, out, _ = kohyo(t, "", "warc", "show", "--body", "--db", dbPath, sjis)
	var sum string
	db.QueryRow(`SELECT sha256 FROM documents WHERE url = ?`, sjis).Scan(&sum)
	if h := sha256.Sum256([]byte(out)); code != exitOK || hex.EncodeToString(h[:]) != sum {
		t.Errorf("warc show --body: exit %d, not the stored body", code)
	}
	if code, _, stderr := kohyo(t, "", "warc", "show", "--db", dbPath, srv.URL+"/nowhere.html"); code != exitFailure || !strings.Contains(stderr, "no archived response") {
		t.Errorf("warc show of an unknown URL: exit %d %s", code, stderr)
	}

	// Without the site: the same facts from the archive.
	srv.Close()
	before := facts(t, db)
	code, _, stderr = kohyo(t, "", "reextract", "--from-warc", "--db", dbPath)
	if code != exitOK || !strings.Contains(stderr, "0 texts changed, 0 without a usable record") {
		t.Fatalf("reextract --from-warc: exit %d\n%s", code, stderr)
	}
	if after := facts(t, db); after != before {
		t.Errorf("facts changed after reextract --from-warc with nothing changed:\n%s", diffLines(before, after))
	}
	// A text gone wrong (as after a main-text rule change) is derived again.
	rw, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rw.Exec(`UPDATE documents SET text = 'x', extraction_hash = NULL WHERE url = ?`, sjis); err != nil {
		t.Fatal(err)
	}
	rw.Close()
	code, _, stderr = kohyo(t, "", "reextract", "--from-warc", "--db", dbPath, "--workers", "1")
	if code != exitOK || !strings.Contains(stderr, "1 texts changed") {
		t.Fatalf("reextract --from-warc after a change: exit %d\n%s", code, stderr)
	}
	if after := facts(t, db); after != before {
		t.Errorf("reextract --from-warc did not restore the text and facts")
	}
	code, _, stderr = kohyo(t, "", "reextract", "--db", dbPath)
	if code != exitOK || !strings.Contains(stderr, "(0 with new results)") {
		t.Errorf("reextract of unchanged texts: exit %d\n%s", code, stderr)
	}
}

// diffLines lists the lines only in a (-) or only in b (+).
func diffLines(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for l := range ma {
		if !mb[l] {
			out = append(out, "- "+l)
		}
	}
	for l := range mb {
		if !ma[l] {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}

func TestWARCFlagsAndErrors(t *testing.T) {
	srv := httptest.NewServer(demosite.Handler())
	defer srv.Close()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "plain.db")
	if code, _, stderr := kohyo(t, "", "crawl", "--db", dbPath, "--delay", "0", "--no-warc", "--max-pages", "5", srv.URL+"/information/"); code != exitOK {
		t.Fatalf("crawl --no-warc: exit %d\n%s", code, stderr)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "plain-warc", "*")); len(files) != 0 {
		t.Errorf("--no-warc wrote %v", files)
	}
	db := openTestDB(t, dbPath)
	if n := queryInt(t, db, `SELECT count(*) FROM documents WHERE warc_file IS NOT NULL`); n != 0 {
		t.Errorf("%d documents point into an archive that --no-warc did not keep", n)
	}
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"crawl", "--db", dbPath, "--warc-max-mb", "0", srv.URL + "/information/"}, exitUsage, "--warc-max-mb"},
		{[]string{"reextract", "--db", dbPath, "--from-warc"}, exitFailure, "no WARC directory"},
		{[]string{"reextract", "--db", dbPath, "--workers", "0"}, exitUsage, "--workers"},
		{[]string{"warc", "show", "--db", dbPath, srv.URL + "/information/"}, exitFailure, "no archived response"},
		{[]string{"warc", "show", "--db", dbPath, "--body", "--list", srv.URL + "/information/"}, exitUsage, "exclude"},
		{[]string{"warc", "show", "--db", filepath.Join(dir, "missing.db"), srv.URL}, exitFailure, "kohyo crawl"},
		{[]string{"warc"}, exitUsage, "warc show"},
	}
	for _, tt := range tests {
		code, _, stderr := kohyo(t, "", tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.msg) {
			t.Errorf("%v: exit %d, want %d with %q:\n%s", tt.args, code, tt.code, tt.msg, stderr)
		}
	}
}
