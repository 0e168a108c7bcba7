package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/crawler"
	"github.com/kohyo-dev/kohyo/crawler/page"
	"github.com/kohyo-dev/kohyo/extract"
)

// The pipeline wires the stages: the crawler hands each fetched page to a
// corpusSink, which extracts (in the crawler's goroutine, so pages of
// different hosts extract in parallel) and hands the page to one writer
// goroutine that commits pages in small batches (group commit): after a
// batch's first page it waits batchWindow for more, so that pages being
// parsed and extracted at the same time share one transaction and one
// search-index segment (a crawl at full speed commits 20 pages at a time
// instead of one or two, which cut its CPU per page by a quarter). Page
// returns only after its page is committed, so the crawler marks a URL
// done only when nothing about it can be lost.

// maxBatch bounds how many pages one transaction commits.
const maxBatch = 32

// batchWindow is how long the writer waits for more pages after the first
// of a batch.
const batchWindow = 25 * time.Millisecond

type storeReq struct {
	page corpus.Page
	done chan error
}

// corpusSink is the crawler.Sink that extracts and stores pages.
type corpusSink struct {
	db   *corpus.DB
	ex   *extract.Extractor
	log  *slog.Logger
	reqs chan storeReq
	quit chan struct{}

	// known holds the stored content hash Known found for a URL (""
	// when none), for Page to take instead of looking it up again.
	known sync.Map // url → string

	// counters, read after the crawl
	newDocs, changed, unchanged int
}

var (
	_ crawler.Sink          = (*corpusSink)(nil)
	_ crawler.UnchangedSink = (*corpusSink)(nil)
)

func newCorpusSink(db *corpus.DB, ex *extract.Extractor, log *slog.Logger) *corpusSink {
	s := &corpusSink{db: db, ex: ex, log: log, reqs: make(chan storeReq, maxBatch), quit: make(chan struct{})}
	go s.writer()
	return s
}

// Close stops the writer once every queued page is committed.
func (s *corpusSink) Close() {
	close(s.reqs)
	<-s.quit
}

// writer commits queued pages, as many as are waiting (up to maxBatch) in
// one transaction. A batch that fails is retried page by page so that one
// bad page does not take the others down with it.
func (s *corpusSink) writer() {
	defer close(s.quit)
	ctx := context.Background()
	for req := range s.reqs {
		batch := []storeReq{req}
		tm := time.NewTimer(batchWindow)
	fill:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-s.reqs:
				if !ok {
					break fill
				}
				batch = append(batch, r)
			case <-tm.C:
				break fill
			}
		}
		tm.Stop()
		pages := make([]corpus.Page, len(batch))
		for i, r := range batch {
			pages[i] = r.page
		}
		stored, err := s.db.StoreBatch(ctx, pages)
		if err == nil {
			for i, r := range batch {
				s.count(stored[i].Change)
				r.done <- nil
			}
			continue
		}
		for _, r := range batch {
			st, err := s.db.StoreBatch(ctx, []corpus.Page{r.page})
			if err == nil {
				s.count(st[0].Change)
			}
			r.done <- err
		}
	}
}

func (s *corpusSink) count(c corpus.Change) {
	switch c {
	case corpus.New:
		s.newDocs++
	case corpus.Changed:
		s.changed++
	default:
		s.unchanged++
	}
}

// Known implements crawler.Sink: the validators for a conditional request.
func (s *corpusSink) Known(ctx context.Context, url string) (crawler.Known, error) {
	v, err := s.db.Lookup(ctx, url)
	if errors.Is(err, corpus.ErrNotFound) {
		s.known.Store(url, "")
		return crawler.Known{}, nil
	}
	if err != nil {
		return crawler.Known{}, err
	}
	s.known.Store(url, v.SHA256)
	if v.SHA256 == "" { // only an error is stored: fetch it whole
		return crawler.Known{}, nil
	}
	return crawler.Known{ETag: v.ETag, LastModified: v.LastModified}, nil
}

// Page implements crawler.Sink: extract (unless the content hash is the one
// stored) and commit.
func (s *corpusSink) Page(ctx context.Context, doc *page.Document) error {
	p := corpus.Page{Doc: doc}
	stored, ok := s.known.LoadAndDelete(doc.URL)
	if !ok {
		v, err := s.db.Lookup(ctx, doc.URL)
		if err != nil {
			v.SHA256 = ""
		}
		stored = v.SHA256
	}
	if sum, _ := stored.(string); (sum == "" || sum != doc.SHA256) && otherLanguage(doc) {
		p.Result = noFacts(doc, time.Time{}) // the rules read Japanese only
		s.db.Prepare(&p)
	} else if sum == "" || sum != doc.SHA256 {
		// Only the sentences the rules ask about are tokenised: the search
		// index segments by script, without kagome.
		in := extract.Input{ID: doc.URL, Text: doc.Text, Published: doc.Published}
		p.Result = s.ex.Extract(in)
		if !doc.Published.IsZero() {
			p.Result.PublishedSource = doc.PublishedSource
		}
		s.db.Prepare(&p) // the search index's columns: here, in parallel, not in the writer
	}
	done := make(chan error, 1)
	select {
	case s.reqs <- storeReq{page: p, done: done}:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-done // the writer always answers, even when ctx is cancelled
}

// Failed implements crawler.Sink: the error is stored as data.
func (s *corpusSink) Failed(ctx context.Context, url string, err error) error {
	s.known.Delete(url)
	status := 0
	var ce *page.Error
	if errors.As(err, &ce) {
		status = ce.Status
	}
	return s.db.RecordFetchError(ctx, url, status, time.Now().UTC(), err)
}

// Unchanged implements crawler.UnchangedSink: a 304 Not Modified.
func (s *corpusSink) Unchanged(ctx context.Context, url string, checkedAt time.Time) error {
	s.known.Delete(url)
	err := s.db.MarkNotModified(ctx, url, checkedAt)
	if errors.Is(err, corpus.ErrNotFound) {
		return nil
	}
	return err
}
