package page

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestOtherLanguage(t *testing.T) {
	for _, tc := range []struct{ page, text, want string }{
		{`<html lang="en-US">`, "Notice of unauthorized access", "en"},
		{`<html xml:lang="fr">`, "Avis", "fr"},
		{`<html lang="ja">`, "Notice regarding unauthorized access to our servers and the possible leak of customer information. We sincerely apologise.", "en"},
		{`<html>`, "Mitteilung über einen unbefugten Zugriff auf unsere Server und den möglichen Abfluss von Kundendaten. Wir bitten um Entschuldigung.", "de"},
		{`<html>`, "12345", "und"},
	} {
		root, _ := html.Parse(strings.NewReader(tc.page))
		if got := otherLanguage(declaredLanguage(root, http.Header{}), tc.text); got != tc.want {
			t.Errorf("%s %q: got %q, want %q", tc.page, tc.text, got, tc.want)
		}
	}
	if got := declaredLanguage(&html.Node{Type: html.DocumentNode}, http.Header{"Content-Language": {"en-GB"}}); got != "en" {
		t.Errorf("Content-Language: got %q", got)
	}
}

func TestJapaneseVersion(t *testing.T) {
	base, _ := url.Parse("https://www.kakuu-denki.example.jp/en/news/2024/0520/")
	for _, tc := range []struct{ name, page, want string }{
		{"hreflang link", `<head><link rel="alternate" hreflang="ja" href="/news/2024/0520/"><link rel="alternate" hreflang="en" href="/en/news/2024/0520/"></head>`,
			"https://www.kakuu-denki.example.jp/news/2024/0520/"},
		{"hreflang anchor", `<a hreflang="ja-JP" href="https://www.kakuu-denki.example.jp/news/2024/0520/">日本語</a>`,
			"https://www.kakuu-denki.example.jp/news/2024/0520/"},
		{"switcher text", `<ul class="lang"><li><a href="/en/news/2024/0520/">English</a></li><li><a href="/news/2024/0520/">日本語</a></li></ul>`,
			"https://www.kakuu-denki.example.jp/news/2024/0520/"},
		{"switcher to the home page", `<a href="/">日本語</a>`, ""},
		{"switcher to /ja/", `<a href="/ja/">Japanese</a>`, ""},
		{"none", `<a href="/en/">English</a>`, ""},
	} {
		root, _ := html.Parse(strings.NewReader(tc.page))
		if got := japaneseVersion(root, base); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
