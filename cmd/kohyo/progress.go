package main

import (
	"fmt"
	"sync"

	"github.com/kohyo-dev/kohyo/crawler"
)

// crawlProgress draws a status line on stderr while a crawl runs, only when
// stderr is a terminal (newProgress is silent otherwise).
type crawlProgress struct {
	mu  sync.Mutex
	bar *progress
}

func newCrawlProgress(io *iostreams) *crawlProgress {
	return &crawlProgress{bar: newProgress(io, "crawling")}
}

func (p *crawlProgress) update(s crawler.Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Describe(fmt.Sprintf("crawling: %d fetched, %d not modified, %d errors, %d queued,",
		s.Fetched, s.Unchanged, s.Errors, s.Queued))
	p.bar.Set(s.Done())
}

func (p *crawlProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bar.Finish()
}
