package main

// Cold start: kohyo search as a whole process on a corpus of 10,000
// documents, beside the same binary doing nothing (kohyo --help), in one
// run:
//
//	go test -tags sqlite_fts5 -run XXX -bench 'Command(Search|Help)' ./cmd/kohyo
//
// Searching loads no dictionary: the index and the query are segmented by
// script, substrings go through the trigram and character indexes.

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/crawler/page"
)

const searchCorpusDocs = 10000

// benchDirs are removed by TestMain after the run.
var (
	benchDirsMu sync.Mutex
	benchDirs   []string
)

func removeBenchDirs() {
	benchDirsMu.Lock()
	defer benchDirsMu.Unlock()
	for _, d := range benchDirs {
		os.RemoveAll(d)
	}
}

// searchCorpus builds, once per process, a corpus of 10,000 generated
// announcements (search index only, no extraction rows).
var searchCorpus = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "kohyo-search-bench")
	if err != nil {
		return "", err
	}
	benchDirsMu.Lock()
	benchDirs = append(benchDirs, dir)
	benchDirsMu.Unlock()
	site := genPipelineSite(searchCorpusDocs, 20241205)
	ins, _ := site.inputs(nil, "https://www.example.co.jp")
	path := filepath.Join(dir, "search.db")
	ctx := context.Background()
	db, err := corpus.Open(ctx, path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	for lo := 0; lo < len(ins); lo += 200 {
		var pages []corpus.Page
		for _, in := range ins[lo:min(lo+200, len(ins))] {
			title, _, _ := strings.Cut(in.Text, "\n")
			pages = append(pages, corpus.Page{Doc: &page.Document{URL: in.ID, Status: 200, Title: title,
				Text: in.Text, SHA256: fmt.Sprint(len(in.Text)), FetchedAt: time.Now()}})
		}
		if _, err := db.StoreBatch(ctx, pages); err != nil {
			return "", err
		}
	}
	return path, db.Optimize(ctx)
})

// runChild runs this test binary as kohyo with args (TestMain's
// KOHYO_TEST_MAIN) and fails b when it exits non-zero.
func runChild(b *testing.B, args ...string) string {
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "KOHYO_TEST_MAIN=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("kohyo %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// BenchmarkCommandSearch: kohyo search, a word, a substring and two
// terms, each a process of its own; ns/op is per process.
func BenchmarkCommandSearch(b *testing.B) {
	path, err := searchCorpus()
	if err != nil {
		b.Fatal(err)
	}
	queries := []string{"ランサムウェア", "会員管理シス", "ランサムウェア 学歴", "氏名"}
	b.ResetTimer()
	for i := range b.N {
		q := queries[i%len(queries)]
		out := runChild(b, "search", "--db", path, "--limit", "20", q)
		if !strings.Contains(out, "1. ") {
			b.Fatalf("search %q found nothing:\n%s", q, out)
		}
	}
}

// BenchmarkCommandHelp is the floor: the same binary starting and exiting.
func BenchmarkCommandHelp(b *testing.B) {
	for range b.N {
		runChild(b, "--help")
	}
}
