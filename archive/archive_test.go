package archive

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

func exchange(t testing.TB, rawURL string, status int, body string) *Exchange {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{"Content-Type": {"text/html; charset=Shift_JIS"}, "Etag": {`"v1"`}}
	if status == http.StatusNotModified {
		h = http.Header{"Etag": {`"v1"`}}
	}
	return &Exchange{
		Request: &http.Request{Method: "GET", URL: u, Header: http.Header{
			"User-Agent": {"kohyo-test"}, "If-None-Match": {`"v0"`}}},
		Status: status,
		Header: h,
		Body:   []byte(body),
		Date:   time.Date(2024, 3, 15, 1, 2, 3, 0, time.UTC),
		IP:     "127.0.0.1",
	}
}

// listed is one record as a standard reader lists it.
type listed struct {
	file, typ, uri, date, payloadDigest, blockDigest, concurrent string
	offset                                                       int64
}

// listAll reads every file of dir with gowarc's own file reader, strictly.
func listAll(t *testing.T, dir string) []listed {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if err != nil {
		t.Fatal(err)
	}
	var out []listed
	for _, f := range files {
		r, err := gowarc.NewWarcFileReader(f, 0, gowarc.WithStrictValidation())
		if err != nil {
			t.Fatal(err)
		}
		for rec, err := range r.Records() {
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if len(rec.Validation) > 0 {
				t.Errorf("%s@%d: %v", f, rec.Offset, rec.Validation)
			}
			h := rec.WarcRecord.WarcHeader()
			out = append(out, listed{
				file: filepath.Base(f), typ: rec.WarcRecord.Type().String(), uri: h.Get(gowarc.WarcTargetURI),
				date: h.Get(gowarc.WarcDate), payloadDigest: h.Get(gowarc.WarcPayloadDigest),
				blockDigest: h.Get(gowarc.WarcBlockDigest), concurrent: h.Get(gowarc.WarcConcurrentTo), offset: rec.Offset,
			})
			rec.Close()
		}
		r.Close()
	}
	return out
}

func TestWriteAndReadBack(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	page := "<html><body>当社サーバーへの不正アクセスについて</body></html>"
	tests := []struct {
		url    string
		status int
		body   string
	}{
		{"https://www.example.co.jp/info/1.html", 200, page},
		{"https://www.example.co.jp/info/2.html?a=1&b=2", 200, strings.Repeat("長い本文。", 2000)},
		{"https://www.example.co.jp/info/1.html", 304, ""},
		{"https://www.example.co.jp/missing.html", 404, "not found"},
		{"https://www.example.co.jp/empty.html", 200, ""},
	}
	refs := make([]Ref, len(tests))
	for i, tt := range tests {
		ex := exchange(t, tt.url, tt.status, tt.body)
		if i == 1 {
			ex.Header.Set("Content-Encoding", "gzip")
			ex.Header.Set("Content-Length", "123")
			ex.Truncated = true
		}
		if refs[i], err = w.Write(ex); err != nil {
			t.Fatal(err)
		}
	}
	// Readable while the file is still open (a running crawl).
	if rec, err := Read(dir, refs[0]); err != nil || string(rec.Body) != page {
		t.Fatalf("read from the open file: %v %+v", err, rec)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(exchange(t, tests[0].url, 200, "x")); err == nil {
		t.Error("write after close succeeded")
	}

	recs := listAll(t, dir)
	// warcinfo, then a response (or revisit) and its request per exchange.
	if len(recs) != 1+2*len(tests) || recs[0].typ != "warcinfo" {
		t.Fatalf("listed %d records: %+v", len(recs), recs)
	}
	for i, tt := range tests {
		resp, req := recs[1+2*i], recs[2+2*i]
		wantType := "response"
		if tt.status == 304 {
			wantType = "revisit"
		}
		if resp.typ != wantType || req.typ != "request" {
			t.Errorf("%d: types %s, %s", i, resp.typ, req.typ)
		}
		if resp.uri != tt.url || req.uri != tt.url || resp.date != "2024-03-15T01:02:03Z" {
			t.Errorf("%d: uri %q/%q date %q", i, resp.uri, req.uri, resp.date)
		}
		if resp.blockDigest == "" || (wantType == "response" && !strings.HasPrefix(resp.payloadDigest, "sha1:")) {
			t.Errorf("%d: digests %q %q", i, resp.blockDigest, resp.payloadDigest)
		}
		if req.concurrent == "" {
			t.Errorf("%d: request not linked to its response", i)
		}
		if resp.offset != refs[i].Offset || resp.file != refs[i].File {
			t.Errorf("%d: Write said %+v, the reader lists %s@%d", i, refs[i], resp.file, resp.offset)
		}
	}

	for i, tt := range tests {
		rec, err := Read(dir, refs[i])
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if rec.URL != tt.url || rec.Status != tt.status || string(rec.Body) != tt.body || !rec.Date.Equal(exchange(t, tt.url, 200, "").Date) {
			t.Errorf("%d: read back %s %d %d bytes %v", i, rec.URL, rec.Status, len(rec.Body), rec.Date)
		}
		if tt.status != 304 && rec.Header.Get("Content-Type") != "text/html; charset=Shift_JIS" {
			t.Errorf("%d: header %v", i, rec.Header)
		}
	}
	rec, _ := Read(dir, refs[1])
	if rec.Header.Get("Content-Encoding") != "" || rec.Header.Get("X-Archive-Orig-Content-Encoding") != "gzip" || !rec.Truncated {
		t.Errorf("decoded body's header %v truncated %v", rec.Header, rec.Truncated)
	}
	if rec, _ := Read(dir, refs[2]); rec.Type != "revisit" || len(rec.Body) != 0 {
		t.Errorf("304: %+v", rec)
	}

	// Every record is its own gzip member: plain gzip reads the file whole.
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(zr)
	if err != nil || bytes.Count(all, []byte("WARC/1.1\r\n")) != 1+2*len(tests) {
		t.Errorf("gunzip: %v, %d records", err, bytes.Count(all, []byte("WARC/1.1\r\n")))
	}
}

func TestRotationBySize(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, WithMaxFileSize(4096))
	if err != nil {
		t.Fatal(err)
	}
	var refs []Ref
	for i := range 20 {
		ex := exchange(t, "https://www.example.co.jp/info/"+strings.Repeat("x", i)+".html", 200,
			strings.Repeat(string(rune('あ'+i)), 1500))
		ref, err := w.Write(ex)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, ref)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	for _, r := range refs {
		files[r.File] = true
	}
	if len(files) < 3 {
		t.Errorf("20 records of ~1 KB compressed in %d files of 4 KB", len(files))
	}
	for i, r := range refs {
		rec, err := Read(dir, r)
		if err != nil || len([]rune(string(rec.Body))) != 1500 {
			t.Fatalf("%d: %v", i, err)
		}
	}
	if n := len(listAll(t, dir)); n != len(files)+40 {
		t.Errorf("%d records listed, want %d", n, len(files)+40)
	}
}

func TestReadBadRefs(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := w.Write(exchange(t, "https://www.example.co.jp/a.html", 200, "本文"))
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	for _, bad := range []Ref{
		{File: "missing.warc.gz"},
		{File: "../etc/passwd"},
		{File: ""},
	} {
		if _, err := Read(dir, bad); err == nil {
			t.Errorf("Read(%+v) succeeded", bad)
		}
	}
	if _, err := Read(dir, Ref{File: "missing.warc.gz"}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	// The warcinfo record at 0 is no response; an offset inside a record
	// or past the end finds none.
	for _, off := range []int64{0, ref.Offset + 1, 1 << 20} {
		if _, err := Read(dir, Ref{File: ref.File, Offset: off}); err == nil {
			t.Errorf("offset %d: no error", off)
		}
	}
}

func TestNewWriterErrors(t *testing.T) {
	if _, err := NewWriter(""); err == nil {
		t.Error("empty dir accepted")
	}
	if _, err := NewWriter(t.TempDir(), WithMaxFileSize(0)); err == nil {
		t.Error("zero max size accepted")
	}
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o644)
	if _, err := NewWriter(filepath.Join(f, "sub")); err == nil {
		t.Error("dir under a file accepted")
	}
}

// Two writers on one directory in the same second (a crawl, then its
// recrawl in the same process) write different files: the later must
// not overwrite the earlier when it closes.
func TestWritersNeverShareAFile(t *testing.T) {
	dir := t.TempDir()
	var refs []Ref
	for i := range 3 {
		w, err := NewWriter(dir)
		if err != nil {
			t.Fatal(err)
		}
		ref, err := w.Write(exchange(t, "https://www.example.co.jp/info/"+strings.Repeat("x", i)+".html", 200, strings.Repeat("本文", i+1)))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, ref)
	}
	for i, r := range refs {
		rec, err := Read(dir, r)
		if err != nil || string(rec.Body) != strings.Repeat("本文", i+1) {
			t.Errorf("writer %d's record %+v: %v", i, r, err)
		}
	}
}

// Whatever the bytes at an offset, ReadFrom returns a record or an error,
// never panics.
func FuzzReadFrom(f *testing.F) {
	dir := f.TempDir()
	w, err := NewWriter(dir)
	if err != nil {
		f.Fatal(err)
	}
	u, _ := url.Parse("https://www.example.co.jp/a.html")
	ref, err := w.Write(&Exchange{Request: &http.Request{URL: u}, Status: 200,
		Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte("<p>本文</p>")})
	if err != nil {
		f.Fatal(err)
	}
	w.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	raw, err := os.ReadFile(files[0])
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw, ref.Offset)
	f.Add(raw[:len(raw)/2], ref.Offset)
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/\r\n\r\n"), int64(0))
	f.Fuzz(func(t *testing.T, data []byte, off int64) {
		if off < 0 || off > int64(len(data)) {
			return
		}
		rec, err := ReadFrom(bytes.NewReader(data), Ref{File: "x.warc.gz", Offset: off})
		if err == nil && rec == nil {
			t.Fatal("nil record without error")
		}
	})
}

// Writers and readers on several goroutines at once (run with -race).
func TestConcurrentWritesAndReads(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, WithMaxFileSize(2048))
	if err != nil {
		t.Fatal(err)
	}
	refs := make(chan Ref, 64)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 16 {
				ref, err := w.Write(exchange(t, fmt.Sprintf("https://www.example.co.jp/%d/%d.html", g, i), 200, strings.Repeat("本文", 100+i)))
				if err != nil {
					t.Error(err)
					return
				}
				refs <- ref
			}
		}()
	}
	wg.Wait()
	close(refs)
	var readers sync.WaitGroup
	for ref := range refs {
		readers.Add(1)
		go func() {
			defer readers.Done()
			if _, err := Read(dir, ref); err != nil {
				t.Error(err)
			}
		}()
	}
	readers.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// A response record names the redirect hops before it; Read gives them
// back in order, and a bad hop reference is an error, not a panic.
func TestRedirectHopsRoundTrip(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir)
	if err != nil {
		t.Fatal(err)
	}
	var hops []Ref
	for _, p := range []string{"/old.html", "/moved.html"} {
		ex := exchange(t, "http://www.example.jp"+p, http.StatusMovedPermanently, "Moved")
		ref, err := w.Write(ex)
		if err != nil {
			t.Fatal(err)
		}
		hops = append(hops, ref)
	}
	ex := exchange(t, "http://www.example.jp/new.html", http.StatusOK, "<html>新しいページ</html>")
	ex.Redirects = hops
	ref, err := w.Write(ex)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// The library's strict reader takes the field (listAll reports any
	// validation finding).
	if n := len(listAll(t, dir)); n != 7 {
		t.Errorf("%d records, want warcinfo and three exchanges", n)
	}
	rec, err := Read(dir, ref)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(rec.Redirects) != fmt.Sprint(hops) {
		t.Errorf("Redirects %v, want %v", rec.Redirects, hops)
	}
	for i, h := range rec.Redirects {
		hop, err := Read(dir, h)
		if err != nil || hop.Status != http.StatusMovedPermanently || len(hop.Redirects) != 0 {
			t.Errorf("hop %d: %+v %v", i, hop, err)
		}
	}

	tests := []struct {
		in   string
		want Ref
		ok   bool
	}{
		{"kohyo-1.warc.gz@0", Ref{"kohyo-1.warc.gz", 0}, true},
		{"a@b.warc.gz@1234", Ref{"a@b.warc.gz", 1234}, true},
		{"kohyo-1.warc.gz", Ref{}, false},
		{"@12", Ref{}, false},
		{"f@-1", Ref{}, false},
		{"f@x", Ref{}, false},
		{"", Ref{}, false},
	}
	for _, tt := range tests {
		got, err := ParseRef(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseRef(%q) = %v, %v", tt.in, got, err)
		}
		if tt.ok && got.String() != tt.in {
			t.Errorf("%v.String() = %q, want %q", got, got.String(), tt.in)
		}
	}
}
