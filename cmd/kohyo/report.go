package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/web"
)

type reportOptions struct {
	io           *iostreams
	global       *globalOptions
	db, out      string
	since, until string
	now          func() time.Time
}

func newReportCmd(io *iostreams, g *globalOptions) *cobra.Command {
	o := &reportOptions{io: io, global: g, now: time.Now}
	cmd := &cobra.Command{
		Use:   "report [--db FILE] --out report.html [--since DATE] [--until DATE]",
		Short: "Write one self-contained HTML file with the stats charts and the incident table",
		Long: `Write the statistics charts of kohyo serve's /stats page and the table of
incidents into one HTML file: inline CSS and SVG, no script, nothing fetched,
so it opens offline in any browser and can be shared or attached to a paper.
--since and --until (YYYY-MM-DD, inclusive) select incidents by the date of
their first publication.`,
		Example: `  kohyo report --db kohyo-demo.db --out report.html
  kohyo report --db corpus.db --out 2024.html --since 2024-01-01 --until 2024-12-31`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "kohyo.db", "SQLite corpus to report on (opened read-only)")
	f.StringVar(&o.out, "out", "", "HTML file to write (required; - for stdout)")
	f.StringVar(&o.since, "since", "", "only incidents first published on or after this date (YYYY-MM-DD)")
	f.StringVar(&o.until, "until", "", "only incidents first published on or before this date (YYYY-MM-DD)")
	return cmd
}

func (o *reportOptions) run(ctx context.Context) error {
	if o.out == "" {
		return usagef("--out is required (the HTML file to write, or - for stdout)")
	}
	flt, err := web.ParseFilter(url.Values{"since": {o.since}, "until": {o.until}})
	var fe *web.FilterError
	if errors.As(err, &fe) {
		return usagef("--%s %q: %s", fe.Param, fe.Value, fe.Reason)
	}
	db, err := openExisting(ctx, o.db, corpus.ReadOnly())
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := web.New(db, web.WithName(filepath.Base(o.db)))
	if err != nil {
		return err
	}
	if o.out == "-" {
		return s.WriteReport(ctx, o.io.Out, flt, o.now())
	}
	// Write beside the target and rename, so a failed run leaves no half file.
	tmp, err := os.CreateTemp(filepath.Dir(o.out), ".kohyo-report-*.html")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := s.WriteReport(ctx, tmp, flt, o.now()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := os.Rename(tmp.Name(), o.out); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	fmt.Fprintf(o.io.Err, "kohyo report: wrote %s\n", o.out)
	return nil
}
