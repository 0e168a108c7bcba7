package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/crawler"
	"github.com/kohyo-dev/kohyo/crawler/browser"
	"github.com/kohyo-dev/kohyo/extract"
)

// crawlMemoryHeadroom is the memory a crawl needs besides its budget: the
// extractor's dictionaries, SQLite's caches, the runtime.
const crawlMemoryHeadroom = 96 << 20

type crawlOptions struct {
	io           *iostreams
	global       *globalOptions
	db           string
	seedsFile    string
	scope        string
	maxDepth     int
	maxPages     int
	include      []string
	exclude      []string
	delay        time.Duration
	parallel     int
	memoryMB     int
	traps        crawler.TrapLimits
	ignoreRobots bool
	allowPrivate bool
	userAgent    string
	timeout      time.Duration
	render       bool
	renderBudget int
	chromium     string
	seeds        []string
	archive      archiveFlags
}

func newCrawlCmd(io *iostreams, g *globalOptions) *cobra.Command {
	return crawlCommand(&crawlOptions{io: io, global: g})
}

// crawlCommand is the crawl command filling o: its flags' defaults are
// set in o as soon as it is built.
func crawlCommand(o *crawlOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "crawl [flags] URL...",
		Short: "Crawl information sections of sites into the SQLite corpus",
		Long: `Crawl the announcement sections that start at each URL (and the pages and
PDFs they link to), extract every page and store it in the SQLite corpus.

By default a seed's scope is its host and path prefix: a seed of
https://www.example.co.jp/information/ crawls that section, following its
pagination, year archives, feeds and sitemaps, plus the pages it links to
elsewhere on the same host (one hop out). robots.txt and its Crawl-delay are
obeyed; each host gets one request at a time with --delay between requests,
and up to --parallel hosts are fetched from at once.

The crawl is incremental and resumable: its frontier lives in the database.
Stop it (Ctrl-C finishes the pages in flight; even SIGKILL loses no stored
page) and run the same command again to resume. A later crawl of the same
site sends conditional requests and re-extracts only pages whose content
changed; the earlier version of a changed page is kept.

Every response is kept in WARC files beside the database (NAME-warc/,
--warc DIR, --no-warc to keep none): kohyo warc show URL prints the page a
document came from, and kohyo reextract --from-warc parses them all again
without the network.`,
		Example: `  kohyo crawl https://www.example.co.jp/information/
  kohyo crawl --db corpus.db --seeds seeds.txt --delay 2s --log-format json
  kohyo crawl --max-pages 200 --exclude '/en/' https://www.example.co.jp/news/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.seeds = args
			return o.run(cmd.Context())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "kohyo.db", "SQLite corpus to write (created if missing)")
	f.StringVar(&o.seedsFile, "seeds", "", "file with one start URL per line (# starts a comment)")
	f.StringVar(&o.scope, "scope", "prefix", "what a seed covers: prefix (its host and path prefix) or host (its whole host)")
	f.IntVar(&o.maxDepth, "max-depth", 0, "link depth limit from a seed (0: none; pagination does not count)")
	f.IntVar(&o.maxPages, "max-pages", 0, "stop after this many pages (0: no limit)")
	f.StringArrayVar(&o.include, "include", nil, "only follow URLs matching this regexp (repeatable)")
	f.StringArrayVar(&o.exclude, "exclude", nil, "never follow URLs matching this regexp (repeatable)")
	f.DurationVar(&o.delay, "delay", time.Second, "delay between two requests to one host (robots.txt Crawl-delay wins when longer)")
	f.IntVar(&o.memoryMB, "memory-budget", crawler.DefaultMemoryBudget>>20, "MiB held at most by bodies being fetched and pages being parsed and stored (a larger page is crawled alone)")
	f.IntVar(&o.parallel, "parallel", 8, "HTTP requests in flight at once, each to a different host (one request per host at a time)")
	f.IntVar(&o.traps.MaxQueryVariants, "max-query-variants", crawler.DefaultTrapLimits.MaxQueryVariants, "pages of one URL path that differ only in their query, per run (0: no limit)")
	f.IntVar(&o.traps.MaxPagerDepth, "max-pager-depth", crawler.DefaultTrapLimits.MaxPagerDepth, "listing pages followed one after another: 次へ, page=N (0: no limit)")
	f.IntVar(&o.traps.MaxCalendarDepth, "max-calendar-depth", crawler.DefaultTrapLimits.MaxCalendarDepth, "calendar pages followed one after another: 次の月, ?ym=202401 (0: no limit)")
	f.IntVar(&o.traps.MaxPathRepeat, "max-path-repeat", crawler.DefaultTrapLimits.MaxPathRepeat, "times one segment may appear in a URL path (0: no limit)")
	f.BoolVar(&o.ignoreRobots, "ignore-robots", false, "do not obey robots.txt")
	f.BoolVar(&o.allowPrivate, "allow-private", false, "allow links and redirects to loopback, private and link-local addresses")
	f.StringVar(&o.userAgent, "user-agent", crawler.DefaultUserAgent, "User-Agent header (name a contact URL)")
	f.DurationVar(&o.timeout, "timeout", crawler.DefaultTimeout, "time limit for one request, body included")
	f.BoolVar(&o.render, "render", false, "render listing pages whose items a script fills in, in headless Chromium")
	f.IntVar(&o.renderBudget, "render-budget", crawler.DefaultRenderBudget, "listing pages rendered at most per host (with --render)")
	f.StringVar(&o.chromium, "chromium", "", "Chromium executable for --render (default: chromium on PATH)")
	addDictFlag(cmd, o.global)
	o.archive.add(cmd)
	return cmd
}

// crawlOptionsList turns the flags into crawler options.
func (o *crawlOptions) crawlerOptions(log *slog.Logger) ([]crawler.Option, error) {
	scope, err := crawler.ParseScopeMode(o.scope)
	if err != nil {
		return nil, usageError{err}
	}
	if o.parallel < 1 {
		return nil, usagef("--parallel must be at least 1")
	}
	if o.memoryMB < 1 {
		return nil, usagef("--memory-budget must be at least 1 (MiB)")
	}
	if o.traps.MaxQueryVariants < 0 || o.traps.MaxPagerDepth < 0 || o.traps.MaxCalendarDepth < 0 || o.traps.MaxPathRepeat < 0 {
		return nil, usagef("--max-query-variants, --max-pager-depth, --max-calendar-depth and --max-path-repeat must not be negative")
	}
	if o.delay < 0 || o.maxDepth < 0 || o.maxPages < 0 {
		return nil, usagef("--delay, --max-depth and --max-pages must not be negative")
	}
	if o.render && o.renderBudget < 1 {
		return nil, usagef("--render-budget must be at least 1")
	}
	inc, err := compileAll("--include", o.include)
	if err != nil {
		return nil, err
	}
	exc, err := compileAll("--exclude", o.exclude)
	if err != nil {
		return nil, err
	}
	opts := []crawler.Option{
		crawler.WithScope(scope),
		crawler.WithDelay(o.delay),
		crawler.WithParallel(o.parallel),
		crawler.WithMemoryBudget(int64(o.memoryMB) << 20),
		crawler.WithTrapLimits(o.traps),
		crawler.WithInclude(inc...),
		crawler.WithExclude(exc...),
		crawler.WithCrawlLogger(log),
		crawler.WithFetcherOptions(
			crawler.WithDateParser(extract.FirstDate),
			crawler.WithUserAgent(o.userAgent),
			crawler.WithTimeout(o.timeout),
			crawler.WithLogger(log),
		),
	}
	if o.maxDepth > 0 {
		opts = append(opts, crawler.WithMaxDepth(o.maxDepth))
	}
	if o.maxPages > 0 {
		opts = append(opts, crawler.WithMaxPages(o.maxPages))
	}
	if o.ignoreRobots {
		opts = append(opts, crawler.WithIgnoreRobots())
	}
	if o.allowPrivate {
		opts = append(opts, crawler.WithAllowPrivate())
	}
	return opts, nil
}

func compileAll(flag string, exprs []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, e := range exprs {
		re, err := regexp.Compile(e)
		if err != nil {
			return nil, usagef("%s %q: %v", flag, e, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// readSeeds reads a seeds file: one URL per line, # comments, blank lines
// ignored. Lines that are not http(s) URLs are reported and skipped.
func readSeeds(r io.Reader, name string, log *slog.Logger) ([]string, error) {
	var seeds []string
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		if line == "" {
			continue
		}
		if err := checkSeed(line); err != nil {
			log.Warn("seed skipped", "file", name, "line", n, "err", err)
			continue
		}
		seeds = append(seeds, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return seeds, nil
}

func checkSeed(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not a URL: %v", s, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", s)
	}
	return nil
}

func (o *crawlOptions) run(ctx context.Context) error {
	log := o.global.logger(o.io.Err)
	seeds := append([]string(nil), o.seeds...)
	for _, s := range seeds {
		if err := checkSeed(s); err != nil {
			return usageError{err}
		}
	}
	if o.seedsFile != "" {
		f, err := os.Open(o.seedsFile)
		if err != nil {
			return fmt.Errorf("--seeds: %w", err)
		}
		more, err := readSeeds(f, o.seedsFile, log)
		f.Close()
		if err != nil {
			return err
		}
		seeds = append(seeds, more...)
	}
	opts, err := o.crawlerOptions(log)
	if err != nil {
		return err
	}
	// The garbage collector works harder as the heap nears the budget plus
	// room for the extractor's dictionaries and the database, rather than
	// letting the heap double between collections (GOMEMLIMIT overrides).
	if os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(int64(o.memoryMB)<<20 + crawlMemoryHeadroom))
	}
	if o.render {
		b, err := o.startBrowser(ctx)
		if err != nil {
			return err
		}
		defer b.Close()
		opts = append(opts, crawler.WithRenderer(b, o.renderBudget))
	}
	ex, db, err := openCorpus(ctx, o.db, log, o.global)
	if err != nil {
		return err
	}
	defer db.Close()
	if len(seeds) == 0 {
		// Resume: the seeds of the unfinished URLs define their sections
		// (scope, and which private address the crawl may reach).
		if seeds, err = db.FrontierSeeds(ctx); err != nil {
			return err
		}
		if len(seeds) == 0 {
			return usagef("no seed URL given (arguments or --seeds), and %s has no crawl to resume", o.db)
		}
		log.Info("resuming the unfinished crawl", "db", o.db, "seeds", len(seeds))
	}
	w, err := o.archive.open(o.db, log)
	if err != nil {
		return err
	}
	if w != nil {
		opts = append(opts, crawler.WithArchive(w))
	}
	stopConsolidating := consolidateDuring(ctx, db, log)
	_, err = crawlInto(ctx, db, ex, seeds, opts, o.io, log)
	stopConsolidating()
	if w != nil {
		if cerr := w.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	if cerr := consolidateAfter(ctx, db, o.io, err); cerr != nil {
		return cerr
	}
	return err
}

// startBrowser starts the headless Chromium of --render.
func (o *crawlOptions) startBrowser(ctx context.Context) (*browser.Browser, error) {
	opts := []browser.Option{browser.UserAgent(o.userAgent)}
	if o.chromium != "" {
		opts = append(opts, browser.ExecPath(o.chromium))
	}
	sctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	b, err := browser.New(sctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("--render: %w", err)
	}
	return b, nil
}

// openCorpus loads the extractor and opens (or creates) the corpus for
// writing. The search index segments by script (corpus's default), so
// that searching needs no dictionary.
func openCorpus(ctx context.Context, path string, log *slog.Logger, g *globalOptions) (*extract.Extractor, *corpus.DB, error) {
	ex, err := g.extractor()
	if err != nil {
		return nil, nil, err
	}
	db, err := corpus.Open(ctx, path, corpus.WithLogger(log))
	if err != nil {
		return nil, nil, err
	}
	return ex, db, nil
}

// crawlSummary is what one crawl did.
type crawlSummary struct {
	crawler.Stats
	New, Changed, Unchanged int
}

// crawlInto runs one crawl into db and prints a summary on stderr. On
// Ctrl-C the pages in flight are committed before it returns ctx's error.
func crawlInto(ctx context.Context, db *corpus.DB, ex *extract.Extractor, seeds []string, opts []crawler.Option, ios *iostreams, log *slog.Logger) (crawlSummary, error) {
	front, recovered, err := corpus.OpenFrontier(ctx, db)
	if err != nil {
		return crawlSummary{}, err
	}
	if recovered > 0 {
		log.Info("resuming: requests in flight when the last crawl stopped are queued again", "requests", recovered)
	}
	sink := newCorpusSink(db, ex, log)
	prog := newCrawlProgress(ios)
	opts = append(opts, crawler.WithFrontier(front), crawler.WithProgress(prog.update))
	c, err := crawler.New(sink, opts...)
	if err != nil {
		sink.Close()
		front.Close()
		return crawlSummary{}, usageError{err}
	}
	stats, runErr := c.Run(ctx, seeds)
	sink.Close()
	if err := front.Close(); err != nil {
		log.Error("frontier: cannot record the last finished requests; they will be checked again next time", "err", err)
	}
	prog.finish()
	sum := crawlSummary{Stats: stats, New: sink.newDocs, Changed: sink.changed, Unchanged: sink.unchanged + stats.Unchanged}
	fc, _ := db.CountFrontier(context.WithoutCancel(ctx))
	fmt.Fprintf(ios.Err, "crawl %s: %d fetched (%d new, %d changed, %d unchanged; %d in another language), %d not modified, %d errors, %d skipped (not a document), %d refused, %d disallowed by robots.txt, %d trap links not followed; %d queued; %.1f pages/s in %s\n",
		doneWord(runErr), stats.Fetched, sum.New, sum.Changed, sink.unchanged, stats.OtherLanguage, stats.Unchanged, stats.Errors, stats.Skipped, stats.Refused, stats.Disallowed, stats.Traps.Total(),
		fc.Pending+fc.InFlight, stats.Rate(), stats.Elapsed.Round(time.Millisecond))
	if stats.Rendered > 0 {
		fmt.Fprintf(ios.Err, "%d listing pages filled by script were rendered in Chromium\n", stats.Rendered)
	}
	if stats.ScriptListings > 0 {
		fmt.Fprintf(ios.Err, "hint: %d listing pages fill their items by script and were not rendered: items that no data file of theirs lists were missed; run with --render (or raise --render-budget)\n", stats.ScriptListings)
	}
	switch {
	case errors.Is(runErr, crawler.ErrStorage):
		return sum, fmt.Errorf("%w\nthe pages not stored are still queued: fix the cause and run the same command again to resume (%s)", runErr, db.Path())
	case runErr != nil && !errors.Is(runErr, context.Canceled):
		return sum, runErr
	case runErr != nil:
		fmt.Fprintf(ios.Err, "stopped: run the same command again to resume (%s)\n", db.Path())
		return sum, runErr
	case stats.Answered == 0 && stats.Errors > 0:
		return sum, fmt.Errorf("nothing could be fetched: all %d pages failed (the reasons are in the log and in the documents' error column)", stats.Errors)
	}
	return sum, nil
}

func doneWord(err error) string {
	if errors.Is(err, crawler.ErrStorage) {
		return "stopped by a storage error"
	}
	if err != nil {
		return "interrupted"
	}
	return "done"
}
