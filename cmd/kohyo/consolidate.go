package main

import (
	"context"
	"errors"
	"fmt"
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
