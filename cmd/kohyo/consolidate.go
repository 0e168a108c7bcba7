package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/kohyo-dev/kohyo/corpus"
)

// consolidateAfter rebuilds the incidents after a crawl or a reextract
// stored documents (also after Ctrl-C: what is stored is consolidated),
// and prints one line on stderr. runErr is the error of the step before:
// a failure other than an interruption skips the rebuild.
func consolidateAfter(ctx context.Context, db *corpus.DB, io *iostreams, runErr error) error {
	if runErr != nil && !errors.Is(runErr, context.Canceled) {
		return nil
	}
	start := time.Now()
	st, err := db.Consolidate(context.WithoutCancel(ctx))
	if err != nil {
		return fmt.Errorf("consolidate incidents: %w", err)
	}
	fmt.Fprintf(io.Err, "incidents: %d from %d documents (%d kept their id; %d victims from the publisher) in %s\n",
		st.Incidents, st.Documents, st.Kept, st.Victims, time.Since(start).Round(time.Millisecond))
	return nil
}

// consolidateEvery is the shortest time between two rebuilds of the
// incidents while a crawl runs.
var consolidateEvery = 10 * time.Minute

// consolidateDuring rebuilds the incidents now and then while a crawl
// stores pages, so that a long crawl's incidents are never far behind
// its documents: at most every consolidateEvery, and never sooner than
// 20 times the last rebuild took, which keeps the rebuilds under 5% of
// the crawl's time however big the corpus grows. stop ends it (waiting
// for a rebuild in progress to stop).
func consolidateDuring(ctx context.Context, db *corpus.DB, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		wait := consolidateEvery
		for {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return
			case <-t.C:
			}
			start := time.Now()
			st, err := db.Consolidate(ctx)
			took := time.Since(start)
			switch {
			case ctx.Err() != nil:
				return
			case err != nil:
				log.Warn("incidents: rebuild during the crawl failed; the crawl goes on", "err", err)
			default:
				log.Info("incidents updated", "incidents", st.Incidents, "documents", st.Documents, "took", took.Round(time.Millisecond))
			}
			wait = max(consolidateEvery, 20*took)
		}
	}()
	return func() {
		cancel()
		<-done
	}
}
