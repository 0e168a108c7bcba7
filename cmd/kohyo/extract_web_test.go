package main

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kohyo-dev/kohyo/cmd/kohyo/demosite"
)

func TestExtractURL(t *testing.T) {
	srv := httptest.NewServer(demosite.Handler())
	defer srv.Close()
	tests := []struct {
		path, charset, contentType, title string
	}{
		{"/information/2023/0825.html", "shift_jis", "text/html", "（第2報）"},
		{"/information/2023/1020.html", "euc-jp", "text/html", "USBメモリの紛失"},
		{"/information/2023/0731.html", "utf-8", "text/html", "（第1報）"},
		{"/information/pdf/20231027_report.pdf", "", "application/pdf", "（第3報）"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			code, out, stderr := kohyo(t, "", "extract", srv.URL+tt.path)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got struct {
				URL, Charset, Title, Text, Published string
				ContentType                          string `json:"content_type"`
				PublishedSource                      string `json:"published_source"`
				Victim                               *string
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out)
			}
			if !strings.EqualFold(got.Charset, tt.charset) || got.ContentType != tt.contentType {
				t.Errorf("charset %q content type %q, want %q %q", got.Charset, got.ContentType, tt.charset, tt.contentType)
			}
			if !strings.Contains(got.Title, tt.title) {
				t.Errorf("title %q does not contain %q", got.Title, tt.title)
			}
			if strings.ContainsRune(got.Text, '\uFFFD') || !strings.Contains(got.Text, "ときわ野") {
				t.Errorf("text is garbled or lacks the company name:\n%s", got.Text)
			}
			if strings.Contains(got.Text, "Cookie") || strings.Contains(got.Text, "サイトマップ") {
				t.Errorf("page chrome leaked into the text:\n%s", got.Text)
			}
			if got.Published == "" || got.PublishedSource == "today" {
				t.Errorf("published %q from %q: the page's own date was not found", got.Published, got.PublishedSource)
			}
		})
	}
	if code, _, stderr := kohyo(t, "", "extract", srv.URL+"/information/nope.html"); code != exitFailure || !strings.Contains(stderr, "404") {
		t.Errorf("a 404 page: exit %d, stderr %q", code, stderr)
	}
}
