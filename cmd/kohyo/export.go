package main

import (
	"bufio"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/renameio/v2"
	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/corpus"
)

type exportOptions struct {
	io     *iostreams
	global *globalOptions
	db     string
	table  string
	format string
	output string
}

func newExportCmd(io *iostreams, g *globalOptions) *cobra.Command {
	o := &exportOptions{io: io, global: g}
	cmd := &cobra.Command{
		Use:   "export [--db FILE] [--table NAME] [--format csv|jsonl|parquet] [--output FILE]",
		Short: "Export a table or the incidents view as CSV, JSON lines or Parquet",
		Long: `Write one table of the corpus (or the incidents view, the default) as CSV,
JSON lines or Parquet, for pandas, DuckDB, R or a spreadsheet. Tables: ` + strings.Join(corpus.ExportTables(), ", ") + `.`,
		Example: `  kohyo export --db kohyo-demo.db --table incidents --format csv
  kohyo export --db corpus.db --table counts --format parquet --output counts.parquet`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "kohyo.db", "SQLite corpus to read")
	f.StringVar(&o.table, "table", "incidents", "table or view to export")
	f.StringVar(&o.format, "format", "csv", "csv, jsonl or parquet")
	f.StringVarP(&o.output, "output", "o", "-", "file to write (- for stdout)")
	return cmd
}

func (o *exportOptions) run(ctx context.Context) error {
	format, err := corpus.ParseFormat(o.format)
	if err != nil {
		return usageError{err}
	}
	if !slices.Contains(corpus.ExportTables(), o.table) {
		return usagef("--table %q: choose one of %s", o.table, strings.Join(corpus.ExportTables(), ", "))
	}
	if o.output == "-" && format == corpus.Parquet && isTerminal(o.io.Out) {
		return usagef("Parquet is binary: give --output FILE or redirect stdout")
	}
	db, err := openExisting(ctx, o.db, corpus.ReadOnly())
	if err != nil {
		return err
	}
	defer db.Close()
	var n int64
	if o.output == "-" {
		bw := bufio.NewWriterSize(o.io.Out, 1<<16)
		if n, err = db.Export(ctx, bw, o.table, format); err == nil {
			err = bw.Flush()
		}
	} else {
		n, err = exportFile(ctx, db, o.output, o.table, format)
	}
	if err != nil {
		return err
	}
	o.global.logger(o.io.Err).Info("exported", "table", o.table, "rows", n, "format", o.format, "output", o.output)
	return nil
}

// exportFile writes the export to a temporary file beside path and
// renames it over path once complete: a failed export leaves an existing
// file as it was, and a reader never sees half a file.
func exportFile(ctx context.Context, db *corpus.DB, path, table string, format corpus.Format) (int64, error) {
	pf, err := renameio.NewPendingFile(path, renameio.WithPermissions(0o644), renameio.WithExistingPermissions())
	if err != nil {
		return 0, fmt.Errorf("--output: %w", err)
	}
	defer pf.Cleanup()
	bw := bufio.NewWriterSize(pf, 1<<16)
	n, err := db.Export(ctx, bw, table, format)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = pf.CloseAtomicallyReplace()
	}
	if err != nil {
		return 0, fmt.Errorf("export to %s (left as it was): %w", path, err)
	}
	return n, nil
}
