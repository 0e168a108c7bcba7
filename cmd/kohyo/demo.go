package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"
	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/archive"
	"github.com/kohyo-dev/kohyo/cmd/kohyo/demosite"
	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/crawler"
)

type demoOptions struct {
	io     *iostreams
	global *globalOptions
	db     string
	delay  time.Duration
}

func newDemoCmd(io *iostreams, g *globalOptions) *cobra.Command {
	o := &demoOptions{io: io, global: g}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Crawl the embedded fictional demo site into ./kohyo-demo.db and show its incidents",
		Long: `Start the embedded sample site on loopback (the information section of a
fictional watchmaker group: a paginated listing, breach notices with 第1報 /
第2報, a PDF, Shift_JIS and EUC-JP pages, unrelated news, robots.txt, a feed
and a sitemap), crawl it into a fresh ./kohyo-demo.db with extraction, and
print the incidents found and some queries to try next. No network needed.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
	cmd.Flags().StringVar(&o.db, "db", "kohyo-demo.db", "SQLite corpus to create (replaced if it exists)")
	cmd.Flags().DurationVar(&o.delay, "delay", 20*time.Millisecond, "delay between requests to the demo site")
	addDictFlag(cmd, o.global)
	return cmd
}

func (o *demoOptions) run(ctx context.Context) error {
	log := o.global.logger(o.io.Err)
	// The site listens on a new port each time, so an earlier demo's URLs
	// would not match: start from an empty database.
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(o.db + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove the earlier demo database: %w", err)
		}
	}
	base, stop, err := demosite.Start(ctx)
	if err != nil {
		return fmt.Errorf("start the demo site: %w", err)
	}
	defer stop()
	news, stopNews, err := demosite.StartNews(ctx)
	if err != nil {
		return fmt.Errorf("start the demo news site: %w", err)
	}
	defer stopNews()
	fmt.Fprintf(o.io.Err, "demo site: %s/information/ (a fictional company, served on loopback)\n", base)
	fmt.Fprintf(o.io.Err, "demo news: %s/news/ (a fictional news outlet reporting on it, a second loopback host)\n", news)

	ex, db, err := openCorpus(ctx, o.db, log, o.global)
	if err != nil {
		return err
	}
	defer db.Close()
	crawl := &crawlOptions{scope: "prefix", delay: o.delay, parallel: 1,
		userAgent: crawler.DefaultUserAgent, timeout: crawler.DefaultTimeout,
		memoryMB: crawler.DefaultMemoryBudget >> 20, traps: crawler.DefaultTrapLimits}
	opts, err := crawl.crawlerOptions(log)
	if err != nil {
		return err
	}
	warcDir := defaultWARCDir(o.db)
	if err := removeDemoArchive(warcDir); err != nil {
		return fmt.Errorf("remove the earlier demo archive: %w", err)
	}
	w, err := (&archiveFlags{dir: warcDir, maxSize: archive.DefaultMaxFileSize >> 20}).open(o.db, log)
	if err != nil {
		return err
	}
	opts = append(opts, crawler.WithArchive(w))
	_, err = crawlInto(ctx, db, ex, []string{base + "/information/", news + "/news/"}, opts, o.io, log)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := consolidateAfter(ctx, db, o.io, nil); err != nil {
		return err
	}
	return printIncidents(ctx, o.io.Out, db, o.db)
}

// writeTable prints rows as columns padded to their display width (a
// kanji is two columns wide, which text/tabwriter does not know).
func writeTable(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], runewidth.StringWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-runewidth.StringWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// printIncidents prints the consolidated incidents, a stats table and
// what to try next.
func printIncidents(ctx context.Context, w io.Writer, db *corpus.DB, path string) error {
	ins, err := db.Incidents(ctx, corpus.IncidentFilter{})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nIncidents in %s (each real event once, its reports and news articles joined):\n\n", path)
	writeIncidentsTable(w, ins)
	docs := 0
	for i := range ins {
		docs += len(ins[i].Documents)
	}
	fmt.Fprintf(w, "\n%d incidents from %d documents. By cause class (kohyo stats --by cause):\n\n", len(ins), docs)
	rows, err := db.Stats(ctx, "cause", corpus.IncidentFilter{})
	if err != nil {
		return err
	}
	writeStatsTable(w, "cause", rows)
	fmt.Fprintf(w, "\nTry next:\n\n")
	for _, ex := range []string{
		"kohyo incidents show --db " + path + " 1",
		"kohyo stats --db " + path + " --by year",
		"kohyo search --db " + path + " 学歴",
		"kohyo export --db " + path + " --table incidents --format csv",
		`sqlite3 ` + path + ` "SELECT i.id, i.victim, d.published, l.role, d.title FROM incidents i JOIN incident_documents l ON l.incident_id = i.id JOIN documents d ON d.id = l.doc_id ORDER BY i.id, d.published"`,
		"python3 -c \"import sqlite3, pandas; print(pandas.read_sql('SELECT * FROM incidents', sqlite3.connect('" + path + "')))\"",
	} {
		fmt.Fprintln(w, "  "+ex)
	}
	fmt.Fprintf(w, "\nBrowse it: kohyo serve --db %s  (then open http://127.0.0.1:8080/ in a browser)\n", path)
	return nil
}
