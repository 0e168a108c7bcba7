package corpus_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/crawler/page"
)

func Example() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "kohyo")
	defer os.RemoveAll(dir)

	db, err := corpus.Open(ctx, filepath.Join(dir, "kohyo.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	doc := &page.Document{
		URL:       "https://www.example.co.jp/info/",
		Status:    200,
		Title:     "個人情報漏えいのお知らせ",
		Text:      "会員の氏名と住所が漏えいした可能性があります。",
		SHA256:    "0f1e",
		FetchedAt: time.Date(2024, 3, 15, 9, 0, 0, 0, time.UTC),
	}
	if _, err := db.StoreDocument(ctx, doc, nil); err != nil {
		log.Fatal(err)
	}
	hits, err := db.Search(ctx, "住所", corpus.SearchOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range hits {
		fmt.Println(h.URL, h.Title)
		fmt.Println(h.Snippet)
	}
	// Output:
	// https://www.example.co.jp/info/ 個人情報漏えいのお知らせ
	// 会員の氏名と住所が漏えいした可能性があります。
}
