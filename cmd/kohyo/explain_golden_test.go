package main

import (
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// kohyo extract --explain in text form, against golden files: the
// document's warnings (a listing, another language, bytes that did not
// decode) come before the facts, as the JSON's "warnings" has them; a page
// without warnings has no warning line. The fixtures are fictional pages
// served from testdata/explain; the golden files have the test server's
// address as http://SITE.
func TestExtractExplainGolden(t *testing.T) {
	types := map[string]string{".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Base(r.URL.Path)
		b, err := os.ReadFile(filepath.Join("testdata", "explain", name))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", types[filepath.Ext(name)])
		w.Write(b)
	}))
	defer srv.Close()
	tests := []struct {
		name, page string
		warned     bool
	}{
		{"a notice without warnings", "notice.html", false},
		{"a listing page", "listing.html", true},
		{"a page in English", "english.html", true},
		{"a text with bytes that do not decode", "mistake.txt", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := kohyo(t, "", "extract", "--explain", srv.URL+"/info/"+tt.page)
			if code != exitOK {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			out = strings.ReplaceAll(out, srv.URL, "http://SITE")
			if got := strings.Contains(out, "\nwarning: "); got != tt.warned {
				t.Errorf("warning lines: %v, want %v:\n%s", got, tt.warned, out)
			}
			golden := filepath.Join("testdata", "explain", strings.TrimSuffix(tt.page, filepath.Ext(tt.page))+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if out != string(want) {
				t.Errorf("explain output differs from %s:\n--- got\n%s\n--- want\n%s", golden, out, want)
			}
		})
	}
}
