package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/archive"
	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/crawler"
)

// archiveFlags are the WARC flags of crawl and demo.
type archiveFlags struct {
	dir     string
	off     bool
	maxSize int64 // MB
}

func (a *archiveFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&a.dir, "warc", "", "directory of the WARC archive (default: beside the database, NAME-warc)")
	f.BoolVar(&a.off, "no-warc", false, "keep no WARC archive of the responses")
	f.Int64Var(&a.maxSize, "warc-max-mb", archive.DefaultMaxFileSize>>20, "start a new WARC file at this size (MB, compressed)")
}

// open returns the archive writer for a crawl into dbPath, or nil with
// --no-warc.
func (a *archiveFlags) open(dbPath string, log *slog.Logger) (*archive.Writer, error) {
	if a.off {
		return nil, nil
	}
	if a.maxSize < 1 {
		return nil, usagef("--warc-max-mb must be at least 1")
	}
	dir := a.dir
	if dir == "" {
		dir = defaultWARCDir(dbPath)
	}
	w, err := archive.NewWriter(dir, archive.WithMaxFileSize(a.maxSize<<20), archive.WithSoftware("kohyo"))
	if err != nil {
		return nil, fmt.Errorf("--warc: %w", err)
	}
	log.Debug("archiving responses", "dir", dir)
	return w, nil
}

type warcShowOptions struct {
	io      *iostreams
	global  *globalOptions
	db      string
	dir     string
	version int
	body    bool
	list    bool
	url     string
}

func newWARCCmd(io *iostreams, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "warc",
		Short: "Read the WARC archive of the crawled responses",
		Long: `kohyo crawl keeps every response it receives in WARC files beside the
database (NAME-warc/, one gzip member per record, standard WARC/1.1 that
warcio, pywb and other archive tools read). Each stored document records
the file and offset of its response.`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return usagef("name a subcommand: kohyo warc show URL") },
	}
	o := &warcShowOptions{io: io, global: g}
	show := &cobra.Command{
		Use:   "show [--db FILE] [--warc DIR] [--version N] [--body | --list] URL",
		Short: "Print the archived response a stored document came from",
		Long: `Print the archived HTTP response of a stored page, as it was received: the
status line, the header and the body (like curl -i). A page reached through
redirects is preceded by each redirect's status line and header, first hop
first (like curl -iL). --body prints the body
alone (the bytes as served, in their own charset); --version N an earlier
version of a page that changed (1 = the one before the current); --list the
archived versions.`,
		Example: `  kohyo warc show --db kohyo-demo.db http://127.0.0.1:8080/information/2023-1027.html
  kohyo warc show --body https://www.example.co.jp/info/0315.html > page.html`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.url = args[0]
			return o.run(cmd.Context())
		},
	}
	f := show.Flags()
	f.StringVar(&o.db, "db", "kohyo.db", "SQLite corpus")
	f.StringVar(&o.dir, "warc", "", "WARC directory (default: beside the database, NAME-warc)")
	f.IntVar(&o.version, "version", 0, "0 = the stored version, 1 = the one before, ...")
	f.BoolVar(&o.body, "body", false, "print the body only")
	f.BoolVar(&o.list, "list", false, "list the archived versions instead")
	cmd.AddCommand(show)
	return cmd
}

func (o *warcShowOptions) run(ctx context.Context) error {
	if o.version < 0 {
		return usagef("--version must not be negative")
	}
	if o.body && o.list {
		return usagef("--body and --list exclude each other")
	}
	dir := o.dir
	if dir == "" {
		dir = defaultWARCDir(o.db)
	}
	db, err := openExisting(ctx, o.db, corpus.ReadOnly())
	if err != nil {
		return err
	}
	defer db.Close()
	recs, err := db.ArchiveRecords(ctx, o.url)
	if errors.Is(err, corpus.ErrNotFound) {
		if key, cerr := crawler.Canonical(o.url); cerr == nil && key != o.url {
			recs, err = db.ArchiveRecords(ctx, key)
		}
	}
	if errors.Is(err, corpus.ErrNotFound) {
		return fmt.Errorf("%s: no archived response in %s (not crawled, or crawled without an archive)", o.url, o.db)
	}
	if err != nil {
		return err
	}
	if o.list {
		for i, r := range recs {
			fmt.Fprintf(o.io.Out, "%d\t%s\t%s\t%d\n", i, r.FetchedAt.Format(time.RFC3339), r.File, r.Offset)
		}
		return nil
	}
	if o.version >= len(recs) {
		return fmt.Errorf("%s has %d archived versions (0 to %d)", o.url, len(recs), len(recs)-1)
	}
	ref := archive.Ref{File: recs[o.version].File, Offset: recs[o.version].Offset}
	rec, err := archive.Read(dir, ref)
	if err != nil {
		return err
	}
	if o.body {
		_, err := o.io.Out.Write(rec.Body)
		return err
	}
	// A page reached through redirects: each hop's status line and header
	// first (its Location leads to the next), as curl -iL prints them.
	for i, ref := range rec.Redirects {
		hop, err := archive.Read(dir, ref)
		if err != nil {
			return fmt.Errorf("redirect %d of %s: %w", i+1, o.url, err)
		}
		if err := writeHTTPHeader(o.io.Out, hop); err != nil {
			return err
		}
	}
	return writeHTTPResponse(o.io.Out, rec)
}

// writeHTTPResponse prints rec as curl -i does: status line, header, body.
func writeHTTPResponse(w io.Writer, rec *archive.Record) error {
	if err := writeHTTPHeader(w, rec); err != nil {
		return err
	}
	_, err := w.Write(rec.Body)
	return err
}

// writeHTTPHeader prints rec's status line and header, then a blank line.
func writeHTTPHeader(w io.Writer, rec *archive.Record) error {
	proto := rec.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d %s\r\n", proto, rec.Status, http.StatusText(rec.Status))
	keys := make([]string, 0, len(rec.Header))
	for k := range rec.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range rec.Header[k] {
			fmt.Fprintf(&b, "%s: %s\r\n", k, v)
		}
	}
	b.WriteString("\r\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// defaultWARCDir is the archive directory beside a database:
// kohyo.db → kohyo-warc.
func defaultWARCDir(dbPath string) string {
	base := dbPath
	if ext := filepath.Ext(base); ext != "" {
		base = base[:len(base)-len(ext)]
	}
	return base + "-warc"
}

// removeDemoArchive empties the demo's earlier archive: the files kohyo
// wrote there, nothing else.
func removeDemoArchive(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "kohyo-*.warc.gz*"))
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
