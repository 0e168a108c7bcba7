package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/archive"
	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/crawler/page"
	"github.com/kohyo-dev/kohyo/extract"
)

type reextractOptions struct {
	io       *iostreams
	global   *globalOptions
	db       string
	warcDir  string
	fromWARC bool
	workers  int
}

func newReextractCmd(io *iostreams, g *globalOptions) *cobra.Command {
	o := &reextractOptions{io: io, global: g}
	cmd := &cobra.Command{
		Use:   "reextract [--db FILE] [--from-warc [--warc DIR]] [--workers N]",
		Short: "Run extraction again over every stored document, without refetching",
		Long: `Re-run extraction over every stored document (after the dictionaries or the
rules changed) and replace the extraction rows.

By default the stored texts are re-extracted. With --from-warc each
document's archived response is read back from the WARC files instead and
decoded, parsed (main text, title, page date) and extracted again, so that a
change to the charset, main-text or PDF rules reaches the whole corpus
without any network access; texts that change are re-indexed.

Workers on every core extract; one writer commits in batches. The
incidents are consolidated again afterwards (an incident whose documents
are unchanged keeps its id).`,
		Example: `  kohyo reextract --db corpus.db
  kohyo reextract --db corpus.db --from-warc`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "kohyo.db", "SQLite corpus")
	f.BoolVar(&o.fromWARC, "from-warc", false, "re-parse the archived responses, not the stored texts")
	f.StringVar(&o.warcDir, "warc", "", "WARC directory (default: beside the database, NAME-warc)")
	f.IntVar(&o.workers, "workers", runtime.NumCPU(), "extraction workers")
	addDictFlag(cmd, o.global)
	return cmd
}

// reextracted is one document's new result, or why it has none.
type reextracted struct {
	id      int64
	url     string
	res     *extract.Result
	hash    string // corpus.ResultHash(res)
	doc     *corpus.TextDocument
	page    *corpus.Page // --from-warc: the document derived again
	changed bool         // its title or text differ from the stored ones
	same    bool         // nothing to write: the stored rows are these
	err     error
}

// reextractSummary counts what a reextract did.
type reextractSummary struct {
	docs, same, changedText, failed int
	writing                         time.Duration // spent in the writer's transactions
}

func (o *reextractOptions) run(ctx context.Context) error {
	if o.workers < 1 {
		return usagef("--workers must be at least 1")
	}
	log := o.global.logger(o.io.Err)
	if _, err := os.Stat(o.db); err != nil {
		return fmt.Errorf("corpus %s: %w", o.db, err)
	}
	if o.warcDir == "" {
		o.warcDir = defaultWARCDir(o.db)
	}
	if o.fromWARC {
		if fi, err := os.Stat(o.warcDir); err != nil || !fi.IsDir() {
			return fmt.Errorf("--from-warc: no WARC directory %s (give --warc DIR)", o.warcDir)
		}
	}
	ex, db, err := openCorpus(ctx, o.db, log, o.global)
	if err != nil {
		return err
	}
	defer db.Close()
	bar := newProgress(o.io, "re-extracting")
	sum, err := reextractAll(ctx, db, ex, o.workers, o.fromWARC, o.warcDir, log, func() { bar.Add(1) })
	bar.Finish()
	if err != nil {
		return fmt.Errorf("after %d documents: %w", sum.docs, err)
	}
	if err := db.Optimize(ctx); err != nil {
		return err
	}
	msg := fmt.Sprintf("re-extracted %d documents in %s (%d with new results)", sum.docs, o.db, sum.docs-sum.same)
	if o.fromWARC {
		msg += fmt.Sprintf(" from %s (%d texts changed, %d without a usable record)", o.warcDir, sum.changedText, sum.failed)
	}
	fmt.Fprintln(o.io.Err, msg)
	return consolidateAfter(ctx, db, o.io, nil)
}

// reextractAll reads the stored documents, extracts them again on
// workers goroutines and writes the results in batches from one writer
// goroutine. The search index is written only for texts that changed.
func reextractAll(ctx context.Context, db *corpus.DB, ex *extract.Extractor, workers int,
	fromWARC bool, warcDir string, log *slog.Logger, progress func()) (reextractSummary, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	docs := make(chan corpus.TextDocument, 4*workers)
	results := make(chan reextracted, 4*workers)
	var readErr error
	go func() {
		defer close(docs)
		readErr = db.EachDocument(ctx, func(d corpus.TextDocument) error {
			select {
			case docs <- d:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range docs {
				var r reextracted
				if fromWARC {
					r = rederive(db, ex, d, warcDir)
				} else {
					r = reextracted{id: d.ID, url: d.URL,
						res: ex.Extract(extract.Input{ID: d.URL, Text: d.Text, Published: d.Published})}
				}
				// The writer gets only what changed: same text, same page
				// date and the same result write the same rows.
				r.doc = &d
				r.hash = corpus.ResultHash(r.res)
				r.same = !r.changed && r.err == nil && r.hash == d.ExtractionHash &&
					(r.page == nil || r.page.Doc.Published.Equal(d.Published))
				select {
				case results <- r:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	// The writer commits one batch while the next is gathered: the
	// workers never wait for a commit (only for a full queue).
	const batchSize = 64
	type batch struct {
		exts  []corpus.Extraction
		pages []corpus.Page
	}
	batches := make(chan batch, 1)
	var (
		writeErr error
		writing  time.Duration
	)
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		for b := range batches {
			if writeErr != nil {
				continue // drain: the run is being cancelled
			}
			t := time.Now()
			if len(b.exts) > 0 {
				writeErr = db.ReplaceExtractions(ctx, b.exts)
			}
			if writeErr == nil && len(b.pages) > 0 {
				_, writeErr = db.StoreBatch(ctx, b.pages)
			}
			writing += time.Since(t)
			if writeErr != nil {
				cancel()
			}
		}
	}()
	var (
		sum reextractSummary
		cur batch
	)
	send := func() {
		if len(cur.exts)+len(cur.pages) > 0 {
			batches <- cur
			cur = batch{}
		}
	}
	for r := range results {
		switch {
		case r.same:
			sum.same++
		case r.err != nil:
			sum.failed++
			log.Warn("reextract: kept the stored text", "url", r.url, "err", r.err)
			cur.exts = append(cur.exts, corpus.Extraction{ID: r.id, Result: r.res, Hash: r.hash, Doc: r.doc})
		case r.page != nil:
			cur.pages = append(cur.pages, *r.page)
		default:
			cur.exts = append(cur.exts, corpus.Extraction{ID: r.id, Result: r.res, Hash: r.hash, Doc: r.doc})
		}
		sum.docs++
		progress()
		if r.changed {
			sum.changedText++
		}
		if len(cur.exts)+len(cur.pages) >= batchSize {
			send()
		}
	}
	send()
	close(batches)
	<-writerDone
	sum.writing = writing
	if writeErr != nil {
		return sum, writeErr
	}
	if readErr != nil {
		return sum, readErr
	}
	return sum, ctx.Err()
}

// carriedDate gives back to page.Parse what dated d at crawl time but is
// not in d's archived record: the feed item that listed the page, or the
// listing (or sitemap) whose date gave a year-less page date its year.
// Each goes back in at its own rank, so that any stronger date the page's
// own rules now find still wins. The stored date stands for the listing's:
// the listing's own date is not kept, and the page's month and day on or
// before the stored date give that date again.
func carriedDate(d corpus.TextDocument) []page.ParseOption {
	if d.Published.IsZero() {
		return nil
	}
	switch d.PublishedSource {
	case page.SourceFeed:
		return []page.ParseOption{page.FeedDate(d.Published)}
	case page.SourcePageYearListed:
		return []page.ParseOption{page.Listed(d.Published)}
	}
	return nil
}

// rederive reads d's archived response and derives the document again:
// decode, parse, extract. When the record is missing or no longer parses,
// the stored text is extracted instead and err says why.
func rederive(db *corpus.DB, ex *extract.Extractor, d corpus.TextDocument, warcDir string) reextracted {
	r := reextracted{id: d.ID, url: d.URL}
	fallback := func(err error) reextracted {
		r.err = err
		r.res = ex.Extract(extract.Input{ID: d.URL, Text: d.Text, Published: d.Published})
		return r
	}
	if d.WARCFile == "" {
		return fallback(errors.New("no WARC record (fetched before the archive was kept)"))
	}
	rec, err := archive.Read(warcDir, archive.Ref{File: d.WARCFile, Offset: d.WARCOffset})
	if err != nil {
		return fallback(err)
	}
	opts := []page.ParseOption{page.DatesWith(extract.FirstDate), page.FetchedAt(rec.Date)}
	if rec.Truncated {
		opts = append(opts, page.Truncated())
	}
	opts = append(opts, carriedDate(d)...)
	doc, err := page.Parse(d.URL, rec.URL, rec.Status, rec.Header, rec.Body, opts...)
	if err != nil {
		return fallback(err)
	}
	res := ex.Extract(extract.Input{ID: doc.URL, Text: doc.Text, Published: doc.Published})
	if !doc.Published.IsZero() {
		res.PublishedSource = doc.PublishedSource
	}
	r.res = res
	doc.WARCFile, doc.WARCOffset = d.WARCFile, d.WARCOffset
	r.page = &corpus.Page{Doc: doc, Result: res, Rederived: true}
	if r.changed = doc.Text != d.Text || doc.Title != d.Title; r.changed {
		db.Prepare(r.page) // the index columns, here rather than in the writer
	}
	return r
}
