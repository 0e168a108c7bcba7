package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An English notice of a Japanese company, beside its Japanese version.
const englishNoticePage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Notice of Unauthorized Access | Kakuu Denki Corp.</title>
<link rel="alternate" hreflang="ja" href="/news/2024/0520/"></head>
<body><header><nav><a href="/en/">Home</a> <a href="/news/2024/0520/">日本語</a></nav></header>
<main><article><h1>Notice of Unauthorized Access</h1><p class="date">May 20, 2024</p>
<p>Kakuu Denki Corp. has confirmed that a third party gained unauthorized access to a server of a contractor. Names and telephone numbers of about 1,800 customers may have been viewed.</p>
<p>We sincerely apologise to our customers.</p></article></main></body></html>`

func TestExtractEnglishPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(englishNoticePage))
	}))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "notice-en.html")
	if err := os.WriteFile(file, []byte(englishNoticePage), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, arg := range []string{srv.URL + "/en/news/2024/0520/", file} {
		code, out, stderr := kohyo(t, "", "extract", arg)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", arg, code, stderr)
		}
		var got struct {
			URL, Title, Text, Published, Language string
			PublishedSource                       string   `json:"published_source"`
			JapaneseURL                           string   `json:"japanese_url"`
			Warnings                              []string `json:"warnings"`
			Counts, Categories, IncidentTypes     []any
			Victim                                *string
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		if got.URL == "" || got.Title != "Notice of Unauthorized Access" || !strings.Contains(got.Text, "about 1,800 customers") {
			t.Errorf("%s: url %q title %q text %q", arg, got.URL, got.Title, got.Text)
		}
		if got.Language != "en" || got.Published != "2024-05-20" || got.PublishedSource != "page" {
			t.Errorf("%s: language %q published %q (%s)", arg, got.Language, got.Published, got.PublishedSource)
		}
		if got.Counts == nil || len(got.Counts)+len(got.Categories)+len(got.IncidentTypes) != 0 || got.Victim != nil {
			t.Errorf("%s: facts not empty: %s", arg, out)
		}
		if len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], "not in Japanese") {
			t.Errorf("%s: warnings %q", arg, got.Warnings)
		}
		if strings.HasPrefix(arg, "http") && got.JapaneseURL != srv.URL+"/news/2024/0520/" {
			t.Errorf("japanese_url %q", got.JapaneseURL)
		}
	}
	if code, out, _ := kohyo(t, "", "extract", "--format", "text", srv.URL+"/en/"); code != exitOK || !strings.Contains(out, "not in Japanese") {
		t.Errorf("text format: exit %d\n%s", code, out)
	}
}

// A Chinese PDF (Adobe-GB1 CIDs without a ToUnicode map) is read as text
// with its language, facts empty and a warning: not refused.
func TestExtractChinesePDF(t *testing.T) {
	code, out, stderr := kohyo(t, "", "extract", filepath.Join("..", "..", "crawler", "internal", "pdfcases", "testdata", "stsong-gb1-identity-h.pdf"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Title, Text, Language, Kind string
		Warnings                    []string
		Counts, Categories          []any
		Victim                      *string
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Language != "zh" || got.Kind != "pdf" || !strings.Contains(got.Text, "个人信息") {
		t.Errorf("language %q kind %q text %q", got.Language, got.Kind, got.Text)
	}
	if len(got.Counts)+len(got.Categories) != 0 || got.Victim != nil || len(got.Warnings) == 0 {
		t.Errorf("facts or warnings: %s", out)
	}
}
