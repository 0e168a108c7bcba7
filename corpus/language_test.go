package corpus

import (
	"context"
	"testing"
)

// TestOtherLanguageDocuments: a page in another language is stored with
// its language and Japanese version, and reextract does not read it.
func TestOtherLanguageDocuments(t *testing.T) {
	db, _ := openTest(t)
	ctx := context.Background()
	ja := testDoc("https://www.example.co.jp/news/0315.html", breachTitle, breachText)
	ja.Language = "ja"
	en := testDoc("https://www.example.co.jp/en/news/0315.html", "Notice of Unauthorized Access",
		"Minato Seiki Co., Ltd. has confirmed unauthorized access to its member server.")
	en.Language, en.JapaneseURL = "en", ja.URL
	if _, err := db.StoreDocument(ctx, ja, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.StoreDocument(ctx, en, nil); err != nil {
		t.Fatal(err)
	}
	var lang, jaURL string
	if err := db.read.QueryRowContext(ctx, `SELECT language, japanese_url FROM documents WHERE url = ?`, en.URL).Scan(&lang, &jaURL); err != nil {
		t.Fatal(err)
	}
	if lang != "en" || jaURL != ja.URL {
		t.Errorf("language %q, japanese_url %q", lang, jaURL)
	}
	var seen []string
	if err := db.EachDocument(ctx, func(d TextDocument) error { seen = append(seen, d.URL); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || seen[0] != ja.URL {
		t.Errorf("documents to re-extract: %q, want only the Japanese one", seen)
	}
}
