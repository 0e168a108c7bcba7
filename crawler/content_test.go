package crawler

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kohyo-dev/kohyo/crawler/page"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenDoc is the part of a Document that does not depend on the test
// server's port or the clock.
type goldenDoc struct {
	ContentType     string   `json:"content_type"`
	Charset         string   `json:"charset"`
	Title           string   `json:"title"`
	Published       string   `json:"published"`
	PublishedSource string   `json:"published_source"`
	Truncated       bool     `json:"truncated,omitempty"`
	Warnings        []string `json:"warnings,omitempty"`
	Text            string   `json:"text"`
}

func golden(d *page.Document) goldenDoc {
	g := goldenDoc{ContentType: d.ContentType, Charset: d.Charset, Title: d.Title, PublishedSource: d.PublishedSource,
		Truncated: d.Truncated, Warnings: d.Warnings, Text: d.Text}
	if !d.Published.IsZero() {
		g.Published = d.Published.Format("2006-01-02")
	}
	return g
}

// fixturePages are the pages of the test site whose whole Document is
// checked against a golden file.
var fixturePages = []struct{ name, path string }{
	{"heavy_nav", "/information/20231025.html"},
	{"sjis_meta_only", "/legacy/sjis.html"},
	{"windows31j", "/legacy/windows31j.html"},
	{"eucjp", "/legacy/eucjp.html"},
	{"iso2022jp", "/legacy/jis.html"},
	{"utf8", "/legacy/utf8.html"},
	{"lying_latin1_header", "/lying/latin1-header.html"},
	{"lying_utf8_header_sjis_body", "/lying/utf8-header-sjis-body.html"},
	{"lying_utf8_header_sjis_no_meta", "/lying/sjis-no-meta.html"},
	{"lying_meta_eucjp_body_sjis", "/lying/meta-eucjp-body-sjis.html"},
	{"structured", "/city/news/2024/0214.html"},
	{"url_date", "/news/202310251000.html"},
	{"last_modified", "/support/outage.html"},
	{"gzip", "/gzip/20231025.html"},
	{"deflate", "/deflate/20231025.html"},
	{"brotli", "/br/20231025.html"},
	{"pdf", "/pdf/notice.pdf"},
	{"pdf_octet_stream", "/pdf/octet/20231025notice.pdf"},
	{"pdf_blank", "/pdf/blank.pdf"},
	{"pdf_identity_range", "/pdf/identityrange.pdf"},
}

func TestFixtureGolden(t *testing.T) {
	site := newTestSite(t)
	f := testFetcher(t)
	for _, tc := range fixturePages {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := f.Fetch(context.Background(), site.URL+tc.path)
			if err != nil {
				t.Fatalf("fetch: %v", err)
			}
			if !utf8.ValidString(doc.Text) || strings.ContainsRune(doc.Text, '\ufffd') {
				t.Errorf("text is not clean UTF-8: %q", doc.Text)
			}
			got, err := json.MarshalIndent(golden(doc), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", tc.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./crawler -run TestFixtureGolden -update)", err)
			}
			if string(got) != string(want) {
				t.Errorf("%s differs from golden file %s:\n%s", tc.path, path, got)
			}
		})
	}
}
