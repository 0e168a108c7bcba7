package main

// Reextract on all cores against one worker, on the same corpus, in one
// run:
//
//	go test -tags sqlite_fts5 -run XXX -bench Reextract ./cmd/kohyo
//
// The corpus holds the 2,000 announcements of the pipeline benchmark's
// site. Each iteration re-extracts them all with one worker, then with
// GOMAXPROCS workers; the benchmark reports both rates and their ratio
// (speedup). Loading the dictionary is not timed. Two cases:
//
//   - unchanged: the rules did not change, no row is rewritten (a re-run);
//   - rewrite: every document's rows are rewritten (the stored results are
//     marked stale first, as after a rule change that touches everything).

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/crawler/page"
)

// reextractCorpus stores the pipeline site's announcements, once per process.
var reextractCorpus = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "kohyo-reextract-bench")
	if err != nil {
		return "", err
	}
	benchDirsMu.Lock()
	benchDirs = append(benchDirs, dir)
	benchDirsMu.Unlock()
	ins, _ := pipelineSiteOnce().inputs(nil, "https://www.example.co.jp")
	path := filepath.Join(dir, "reextract.db")
	ctx := context.Background()
	db, err := corpus.Open(ctx, path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var pages []corpus.Page
	for _, in := range ins {
		title, _, _ := strings.Cut(in.Text, "\n")
		pages = append(pages, corpus.Page{Doc: &page.Document{URL: in.ID, Status: 200, Title: title,
			Text: in.Text, SHA256: fmt.Sprint(len(in.Text)), FetchedAt: time.Now(), Published: in.Published}})
	}
	if _, err := db.StoreBatch(ctx, pages); err != nil {
		return "", err
	}
	return path, nil
})

var reextractRuns int

func BenchmarkReextract(b *testing.B) {
	b.Run("unchanged", func(b *testing.B) { benchReextract(b, false) })
	b.Run("rewrite", func(b *testing.B) { benchReextract(b, true) })
}

func benchReextract(b *testing.B, rewrite bool) {
	path, err := reextractCorpus()
	if err != nil {
		b.Fatal(err)
	}
	ex, err := sharedExtractor()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	db, err := corpus.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	log := slog.New(slog.DiscardHandler)
	workers := runtime.GOMAXPROCS(0)
	if !rewrite { // the stored results are current: nothing to rewrite
		if _, err := reextractAll(ctx, db, ex, workers, false, "", log, func() {}); err != nil {
			b.Fatal(err)
		}
	}
	var one, all, writing, cpuOne, cpuAll time.Duration
	docs := 0
	b.ResetTimer()
	for range b.N {
		// Which goes first alternates: on a shared machine the CPU one
		// run gets drifts.
		order := []int{1, workers}
		if reextractRuns++; reextractRuns%2 == 0 {
			order = []int{workers, 1}
		}
		for _, w := range order {
			if rewrite {
				b.StopTimer()
				if err := db.ForgetExtractionHashes(ctx); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			start, cpu0 := time.Now(), cpuTime()
			sum, err := reextractAll(ctx, db, ex, w, false, "", log, func() {})
			if err != nil {
				b.Fatal(err)
			}
			if w == 1 {
				one += time.Since(start)
				cpuOne += cpuTime() - cpu0
				writing += sum.writing
				docs += sum.docs
			} else {
				all += time.Since(start)
				cpuAll += cpuTime() - cpu0
			}
		}
	}
	b.ReportMetric(float64(docs)/one.Seconds(), "docs/s-1-worker")
	b.ReportMetric(float64(docs)/all.Seconds(), fmt.Sprintf("docs/s-%d-workers", workers))
	b.ReportMetric(one.Seconds()/all.Seconds(), "speedup")
	// On a machine whose cores are busy with other work the speedup cannot
	// show; the writer's share of the one-worker run bounds it (Amdahl):
	// at most 1/(s + (1-s)/workers).
	s := writing.Seconds() / one.Seconds()
	b.ReportMetric(s, "writer-share")
	b.ReportMetric(1/(s+(1-s)/float64(workers)), "speedup-bound")
	b.ReportMetric(float64(cpuOne)/float64(time.Millisecond)/float64(docs), "cpu-ms/doc-1-worker")
	b.ReportMetric(float64(cpuAll)/float64(time.Millisecond)/float64(docs), "cpu-ms/doc-all")
}
