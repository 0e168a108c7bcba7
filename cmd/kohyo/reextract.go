package main

import (
	"context"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/extract"
)

type reextractOptions struct {
	io     *iostreams
	global *globalOptions
	db     string
}

func newReextractCmd(io *iostreams, g *globalOptions) *cobra.Command {
	o := &reextractOptions{io: io, global: g}
	cmd := &cobra.Command{
		Use:   "reextract [--db FILE]",
		Short: "Run extraction again over every stored document, without refetching",
		Long: `Re-run extraction over the stored text of every document (after the
dictionaries or the rules changed) and replace the extraction rows; the
full-text index is rebuilt with the current tokenisation, and the incidents
are consolidated again (an incident whose documents are unchanged keeps its id).`,
		Example: `  kohyo reextract --db corpus.db`,
		Args:    exactArgs(0),
		RunE:    func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
	cmd.Flags().StringVar(&o.db, "db", "kohyo.db", "SQLite corpus")
	addDictFlag(cmd, o.global)
	return cmd
}

func (o *reextractOptions) run(ctx context.Context) error {
	log := o.global.logger(o.io.Err)
	if _, err := os.Stat(o.db); err != nil {
		return fmt.Errorf("corpus %s: %w", o.db, err)
	}
	ex, db, err := openCorpus(ctx, o.db, log, o.global)
	if err != nil {
		return err
	}
	defer db.Close()
	bar := newProgress(o.io, "re-extracting")
	n := 0
	err = db.EachDocument(ctx, func(d corpus.TextDocument) error {
		res := ex.Extract(extract.Input{ID: d.URL, Text: d.Text, Published: d.Published})
		if err := db.ReplaceExtraction(ctx, d.ID, res); err != nil {
			return err
		}
		n++
		return bar.Add(1)
	})
	_ = bar.Finish()
	if err != nil {
		return fmt.Errorf("after %d documents: %w", n, err)
	}
	if _, err := db.Reindex(ctx); err != nil {
		return err
	}
	if err := db.Optimize(ctx); err != nil {
		return err
	}
	fmt.Fprintf(o.io.Err, "re-extracted %d documents in %s\n", n, o.db)
	return consolidateAfter(ctx, db, o.io, nil)
}
