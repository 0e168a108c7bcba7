package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/crawler"
	"github.com/kohyo-dev/kohyo/extract"
)

// The pipeline wires the stages: the crawler hands each fetched page to a
// corpusSink, which extracts (in the crawler's goroutine, so pages of
// different hosts extract in parallel) and hands the page to one writer
// goroutine that commits pages in small batches (group commit). Page
// returns only after its page is committed, so the crawler marks a URL
// done only when nothing about it can be lost.

// maxBatch bounds how many pages one transaction commits.
const maxBatch = 32

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
	fill:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-s.reqs:
				if !ok {
					break fill
				}
				batch = append(batch, r)
			default:
				break fill
			}
		}
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
func (s *corpusSink) Page(ctx context.Context, doc *crawler.Document) error {
	p := corpus.Page{Doc: doc}
	stored, ok := s.known.LoadAndDelete(doc.URL)
	if !ok {
		v, err := s.db.Lookup(ctx, doc.URL)
		if err != nil {
			v.SHA256 = ""
		}
		stored = v.SHA256
	}
	if sum, _ := stored.(string); sum == "" || sum != doc.SHA256 {
		in := extract.Input{ID: doc.URL, Text: doc.Text, Published: doc.Published, Words: true}
		p.Result = s.ex.Extract(in)
		if !doc.Published.IsZero() {
			p.Result.PublishedSource = doc.PublishedSource
		}
		p.Words = p.Result.Words
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
	var ce *crawler.Error
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

// sqliteFrontier is the crawler's Frontier kept in the corpus: Colly's
// visited set and queue, with leased entries (see crawler.Finisher).
//
// Requests are claimed from the database claimBatch at a time (one write
// transaction instead of one per request). Claimed requests are in flight
// in the database as soon as they are claimed, as those the crawler has
// taken into its host lanes are: a crawl that dies puts them back
// (RecoverFrontier), one that stops gives them back.
type sqliteFrontier struct {
	*corpus.CollyStorage
	*corpus.CollyQueue
	db *corpus.DB

	mu      sync.Mutex
	claimed [][]byte // claimed, not yet handed out

	// Finished requests are recorded visitBatch at a time. A crash loses
	// at most that many marks: those pages are stored already, so the next
	// run only asks for them again (conditionally) and stores nothing new.
	visited     map[uint64]bool // recorded here, not yet in the database
	visitedIDs  []uint64
	finishedURL []string
}

// visitBatch is how many finished requests one write records.
const visitBatch = 64

// claimBatch is how many requests one claim takes from the database.
const claimBatch = 64

var (
	_ crawler.Frontier = (*sqliteFrontier)(nil)
	_ crawler.Finisher = (*sqliteFrontier)(nil)
)

// newSQLiteFrontier returns the frontier of db after putting back what a
// crashed or killed crawl had in flight.
func newSQLiteFrontier(ctx context.Context, db *corpus.DB) (*sqliteFrontier, int, error) {
	n, err := db.RecoverFrontier(ctx)
	if err != nil {
		return nil, 0, err
	}
	return &sqliteFrontier{CollyStorage: db.CollyStorage(), CollyQueue: db.CollyQueue(), db: db,
		visited: map[uint64]bool{}}, n, nil
}

// Init initialises both of Colly's storages.
func (f *sqliteFrontier) Init() error {
	if err := f.CollyStorage.Init(); err != nil {
		return err
	}
	return f.CollyQueue.Init()
}

// GetRequest returns (nil, nil) when nothing is pending, as Colly's queue expects.
func (f *sqliteFrontier) GetRequest() ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.claimed) == 0 {
		reqs, err := f.CollyQueue.GetRequests(claimBatch)
		if errors.Is(err, corpus.ErrFrontierEmpty) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		f.claimed = reqs
	}
	b := f.claimed[0]
	f.claimed[0] = nil
	f.claimed = f.claimed[1:]
	return b, nil
}

// QueueSize counts the requests claimed but not handed out as queued.
func (f *sqliteFrontier) QueueSize() (int, error) {
	n, err := f.CollyQueue.QueueSize()
	f.mu.Lock()
	n += len(f.claimed)
	f.mu.Unlock()
	return n, err
}

// Visited implements storage.Storage: the mark is written with the next batch.
func (f *sqliteFrontier) Visited(id uint64) error {
	f.mu.Lock()
	f.visited[id] = true
	f.visitedIDs = append(f.visitedIDs, id)
	full := len(f.visitedIDs)+len(f.finishedURL) >= visitBatch
	f.mu.Unlock()
	if full {
		return f.Flush()
	}
	return nil
}

// IsVisited implements storage.Storage.
func (f *sqliteFrontier) IsVisited(id uint64) (bool, error) {
	f.mu.Lock()
	v := f.visited[id]
	f.mu.Unlock()
	if v {
		return true, nil
	}
	return f.CollyStorage.IsVisited(id)
}

// Finish implements crawler.Finisher: the lease ends with the next batch.
func (f *sqliteFrontier) Finish(rawURL string) error {
	f.mu.Lock()
	f.finishedURL = append(f.finishedURL, rawURL)
	full := len(f.visitedIDs)+len(f.finishedURL) >= visitBatch
	f.mu.Unlock()
	if full {
		return f.Flush()
	}
	return nil
}

// Flush writes the recorded visits and finished requests.
func (f *sqliteFrontier) Flush() error {
	f.mu.Lock()
	ids, urls := f.visitedIDs, f.finishedURL
	f.visitedIDs, f.finishedURL = nil, nil
	f.mu.Unlock()
	if err := f.db.MarkVisited(context.Background(), ids, urls); err != nil {
		return err
	}
	f.mu.Lock()
	for _, id := range ids {
		delete(f.visited, id)
	}
	f.mu.Unlock()
	return nil
}
