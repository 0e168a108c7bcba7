package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/crawler/page"
)

// TestReextractWriteFailure: when the writer cannot commit a batch, the
// run stops with its error; workers and reader are not left waiting.
func TestReextractWriteFailure(t *testing.T) {
	ex, err := sharedExtractor()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.db")
	db, err := corpus.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pages []corpus.Page
	for i := range 300 {
		text := fmt.Sprintf("株式会社架空商事%dは、2024年5月%d日、不正アクセスにより顧客の氏名と住所、約%d万件が流出した可能性があると発表した。", i, 1+i%28, 1+i%9)
		pages = append(pages, corpus.Page{Doc: &page.Document{URL: fmt.Sprintf("https://www.example.co.jp/news/%d.html", i),
			Status: 200, Title: "お知らせ", Text: text, SHA256: fmt.Sprint(i), FetchedAt: time.Now()}})
	}
	if _, err := db.StoreBatch(ctx, pages); err != nil {
		t.Fatal(err)
	}
	if err := db.ForgetExtractionHashes(ctx); err != nil {
		t.Fatal(err)
	}
	// Another connection breaks the schema under the writer.
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DROP TABLE counts`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	for _, workers := range []int{1, 4} {
		_, err := reextractAll(ctx, db, ex, workers, false, "", slog.New(slog.DiscardHandler), func() {})
		if err == nil || !strings.Contains(err.Error(), "counts") {
			t.Errorf("%d workers: err = %v, want the failed insert into counts", workers, err)
		}
	}
}
