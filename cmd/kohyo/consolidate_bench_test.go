package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// consolidatePages is the size of the crawl BenchmarkConsolidateAfterCrawl
// consolidates: the 10,000 documents.
const consolidatePages = 10000

// BenchmarkConsolidateAfterCrawl crawls a generated 10,000-announcement
// site (the pipeline benchmark's generator: fictional organisations, many
// incidents each) into a fresh corpus, then rebuilds its incidents, and
// reports both times and consolidation as a percentage of the crawl's own
// time (the same process, the same run). Run it once:
//
//	go test -tags sqlite_fts5 -run XXX -bench ConsolidateAfterCrawl -benchtime 1x ./cmd/kohyo
func BenchmarkConsolidateAfterCrawl(b *testing.B) {
	site := genPipelineSite(consolidatePages, 20241205)
	srv := site.serve(b)
	if _, err := sharedExtractor(); err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	o := crawlFlags(b, "--delay", "0")
	ios := &iostreams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}
	ctx := context.Background()
	var crawlTime, consTime time.Duration
	incidents, docs := 0, 0
	b.ResetTimer()
	for range b.N {
		path := filepath.Join(b.TempDir(), "bench.db")
		opts, err := o.crawlerOptions(log)
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		ex, db, err := openCorpus(ctx, path, log, &globalOptions{})
		if err != nil {
			b.Fatal(err)
		}
		sum, err := crawlInto(ctx, db, ex, []string{srv.URL + pipelineSeedPath}, opts, ios, log)
		if err != nil {
			b.Fatal(err)
		}
		if sum.New != consolidatePages {
			b.Fatalf("stored %d new documents, want %d", sum.New, consolidatePages)
		}
		t1 := time.Now()
		st, err := db.Consolidate(ctx)
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		crawlTime += t1.Sub(t0)
		consTime += t2.Sub(t1)
		incidents, docs = st.Incidents, st.Documents
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(crawlTime.Seconds()/float64(b.N), "crawl-s")
	b.ReportMetric(consTime.Seconds()/float64(b.N), "consolidate-s")
	b.ReportMetric(100*consTime.Seconds()/crawlTime.Seconds(), "consolidate-%")
	b.ReportMetric(float64(docs), "incident-docs")
	b.ReportMetric(float64(incidents), "incidents")
}
