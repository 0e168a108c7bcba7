package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

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
	var w io.Writer = o.io.Out
	var file *os.File
	if o.output != "-" {
		file, err = os.Create(o.output)
		if err != nil {
			return fmt.Errorf("--output: %w", err)
		}
		w = file
	} else if format == corpus.Parquet && isTerminal(o.io.Out) {
		return usagef("Parquet is binary: give --output FILE or redirect stdout")
	}
	db, err := openExisting(ctx, o.db, corpus.ReadOnly())
	if err != nil {
		if file != nil {
			file.Close()
			os.Remove(o.output)
		}
		return err
	}
	defer db.Close()
	bw := bufio.NewWriterSize(w, 1<<16)
	n, err := db.Export(ctx, bw, o.table, format)
	if err == nil {
		err = bw.Flush()
	}
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(o.output)
		}
	}
	if err != nil {
		return err
	}
	o.global.logger(o.io.Err).Info("exported", "table", o.table, "rows", n, "format", o.format, "output", o.output)
	return nil
}
