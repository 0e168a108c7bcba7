package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/crawler/page"
	"github.com/kohyo-dev/kohyo/extract"
)

// While a crawl runs, the incidents are rebuilt now and then.
func TestConsolidateDuring(t *testing.T) {
	ctx := context.Background()
	db, err := corpus.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	old := consolidateEvery
	consolidateEvery = 5 * time.Millisecond
	defer func() { consolidateEvery = old }()
	stop := consolidateDuring(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	victim := "株式会社アオバ精機"
	doc := &page.Document{URL: "https://aoba.example/1.html", Status: 200, Title: "お詫び", Text: "不正アクセスがありました。",
		SHA256: "x", Kind: page.KindArticle}
	res := &extract.Result{Published: "2024-05-10", PublishedSource: "document", IncidentTypes: []string{"unauthorized_access"}, Victim: &victim}
	if _, err := db.StoreDocument(ctx, doc, res); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		ins, err := db.Incidents(ctx, corpus.IncidentFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ins) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no rebuild while the crawl ran")
		}
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	stop2 := consolidateDuring(ctx, db, slog.New(slog.DiscardHandler))
	stop2() // stopping before the first rebuild returns at once
}
