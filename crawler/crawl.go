package crawler

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"time"

	"github.com/kohyo-dev/kohyo/archive"
	"github.com/kohyo-dev/kohyo/crawler/page"

	"github.com/gocolly/colly/v2"
)

// Sink receives what a crawl finds. Its methods are called concurrently,
// from many goroutines (pages are parsed and handed over while the next
// ones are fetched). A method's error is logged and counted;
// the crawl goes on, and the URL is not marked done, so that a later run
// fetches it again.
type Sink interface {
	// Known returns what the sink holds of an earlier fetch of url (the
	// canonical URL), for a conditional request; the zero Known if nothing.
	Known(ctx context.Context, url string) (Known, error)
	// Page stores one fetched document (Document.URL is the canonical
	// URL). It must have committed the page when it returns nil: the URL is
	// then marked done in the frontier. The sink decides, by SHA256,
	// whether the content changed.
	Page(ctx context.Context, doc *page.Document) error
	// Failed records that url could not be fetched or parsed; err is an
	// *Error (KindOf tells its kind).
	Failed(ctx context.Context, url string, err error) error
}

// Known is what a Sink remembers of an earlier fetch of a page: the
// validators sent back as If-None-Match and If-Modified-Since.
type Known struct {
	ETag         string
	LastModified string
}

// UnchangedSink is implemented by a Sink that wants to hear of 304 Not
// Modified answers (to record when a page was last checked). Other sinks
// hear nothing of them.
type UnchangedSink interface {
	Unchanged(ctx context.Context, url string, checkedAt time.Time) error
}

// Stats counts what a crawl did. Counts are for this run.
type Stats struct {
	Fetched   int // pages fetched and handed to Sink.Page
	Unchanged int // pages answered 304 Not Modified
	Errors    int // pages that could not be fetched or read (handed to Sink.Failed)
	// Skipped counts pages read but not documents kohyo keeps: not HTML,
	// PDF or text (handed to Sink.Failed too). Pages in another language
	// are documents (OtherLanguage).
	Skipped int
	// Answered counts pages the server answered with 2xx or 304: zero
	// when nothing at all could be fetched.
	Answered int
	// Navigational counts pages with links but no text of their own
	// (listings whose main text is only the list): followed, not stored.
	Navigational int
	Queued       int        // requests still waiting in the frontier
	Disallowed   int        // pages skipped because robots.txt disallows them
	Refused      int        // links, redirects and rendered pages' requests refused by the address guard
	Retries      int        // requests retried after a 429, 5xx or dropped connection
	BudgetWaits  int        // times a request waited for memory held by pages being processed
	Traps        TrapCounts // links refused as crawler traps
	// OtherLanguage counts stored pages (of Fetched) that are not in
	// Japanese: documents of another language, not errors.
	OtherLanguage int
	// ScriptListings counts listing pages that fill their items by script
	// and were not rendered (no renderer, budget spent, render failed):
	// their items are missing unless a data file they name lists them.
	ScriptListings int
	Rendered       int           // listing pages rendered in the browser
	Elapsed        time.Duration // since Run started
}

// Done is the number of pages answered: fetched, unchanged, navigational
// or failed.
func (s Stats) Done() int { return s.Fetched + s.Unchanged + s.Navigational + s.Errors + s.Skipped }

// Rate is pages answered per second.
func (s Stats) Rate() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Done()) / s.Elapsed.Seconds()
}

// Defaults of a Crawler.
const (
	DefaultDelay    = time.Second // between two requests to one host
	DefaultParallel = 8           // HTTP exchanges in flight at once, each with its own host
	// DefaultMemoryBudget bounds the bytes held by bodies being fetched and
	// pages being processed (see WithMemoryBudget).
	DefaultMemoryBudget = 256 << 20
	crawlRetries        = 2           // retries of a page after 429, 5xx or a dropped connection
	maxRetryAfter       = time.Minute // a longer Retry-After fails the page instead
	laneBuffer          = 4096        // requests taken from the frontier into host lanes at most
	// minProcessing is the least number of pages (4×Parallel when more)
	// being parsed and handed to the sink at once, fetches done: enough for
	// a sink that commits in groups to fill them.
	minProcessing = 32
	progressEvery = 200 * time.Millisecond
	// stopGrace is how long pages in flight may still take after the run's
	// context is cancelled (Ctrl-C) or storage failed: then their requests
	// are cut and given back to the frontier.
	stopGrace = 3 * time.Second
)

// ErrStorage is wrapped by Run's error when the sink or the frontier
// could not store: the crawl stopped.
var ErrStorage = errors.New("storage failed")

// Crawler crawls the sections of sites that seeds name, politely and
// resumably, and hands each page to a Sink. Build one with New; Run may be
// called more than once (not concurrently): a run that stopped early
// resumes where it stopped when the frontier is the same.
type Crawler struct {
	sink         Sink
	frontier     Frontier
	fetchOpts    []FetcherOption
	log          *slog.Logger
	progress     func(Stats)
	scope        ScopeMode
	maxDepth     int
	maxPages     int
	delay        time.Duration
	parallel     int
	ignoreRobots bool
	allowPrivate bool
	filters      filters
	memBudget    int64
	traps        TrapLimits
	renderer     Renderer // renders script-filled listings (WithRenderer), or nil
	renderBudget int      // renderings per host and run
	archive      Archiver
}

// Archiver keeps every HTTP exchange of a crawl: archive.Writer, which
// writes WARC files. Write returns where the response record lies.
type Archiver interface {
	Write(ex *archive.Exchange) (archive.Ref, error)
}

// WithArchive has every response the crawl receives (pages, listings,
// feeds, sitemaps, errors, 304s) written to a; each Document then carries
// the file and offset of its record. A failed write is a sink error: the
// page is not stored and stays to be fetched again.
func WithArchive(a Archiver) Option {
	return func(c *Crawler) error {
		if a == nil {
			return errors.New("nil archive")
		}
		c.archive = a
		return nil
	}
}

// Option configures a Crawler.
type Option func(*Crawler) error

// WithScope sets how far from a seed links are followed (default
// ScopePrefix).
func WithScope(m ScopeMode) Option {
	return func(c *Crawler) error {
		if _, err := ParseScopeMode(string(m)); err != nil {
			return err
		}
		c.scope = m
		return nil
	}
}

// WithMaxDepth limits how many links away from a seed pages are fetched
// (0: no limit). Further pages of a listing (pagination, year archives)
// count as the listing itself.
func WithMaxDepth(n int) Option {
	return func(c *Crawler) error {
		if n < 0 {
			return fmt.Errorf("max depth %d: must not be negative", n)
		}
		c.maxDepth = n
		return nil
	}
}

// WithMaxPages stops a run after n page requests (0: no limit); what is left
// stays in the frontier for the next run.
func WithMaxPages(n int) Option {
	return func(c *Crawler) error {
		if n < 0 {
			return fmt.Errorf("max pages %d: must not be negative", n)
		}
		c.maxPages = n
		return nil
	}
}

// WithInclude keeps to URLs that match one of the patterns (seeds are
// always fetched).
func WithInclude(res ...*regexp.Regexp) Option {
	return func(c *Crawler) error { c.filters.include = append(c.filters.include, res...); return nil }
}

// WithExclude skips URLs that match any of the patterns.
func WithExclude(res ...*regexp.Regexp) Option {
	return func(c *Crawler) error { c.filters.exclude = append(c.filters.exclude, res...); return nil }
}

// WithDelay sets the pause between two requests to one host (default 1s).
// A longer robots.txt Crawl-delay wins.
func WithDelay(d time.Duration) Option {
	return func(c *Crawler) error {
		if d < 0 {
			return fmt.Errorf("delay %v: must not be negative", d)
		}
		c.delay = d
		return nil
	}
}

// WithParallel sets how many HTTP exchanges may be in flight at once
// (default 8), each with a different host: a host gets one request at a
// time. Pages already fetched are parsed and stored meanwhile, outside
// this bound (WithMemoryBudget bounds them).
func WithParallel(n int) Option {
	return func(c *Crawler) error {
		if n < 1 {
			return fmt.Errorf("parallel %d: must be at least 1", n)
		}
		c.parallel = n
		return nil
	}
}

// WithMemoryBudget bounds the memory a crawl holds in bodies: each
// exchange in flight counts the body cap (WithMaxBodySize), each page
// being parsed and stored an estimate of what that takes (64 times its
// size, at most 256 MiB). A request starts only when its share fits, or when nothing
// else runs, so that one page larger than the budget is still crawled,
// alone. Default DefaultMemoryBudget.
func WithMemoryBudget(n int64) Option {
	return func(c *Crawler) error {
		if n <= 0 {
			return fmt.Errorf("memory budget %d: must be positive", n)
		}
		c.memBudget = n
		return nil
	}
}

// WithTrapLimits sets the crawler-trap limits (DefaultTrapLimits when
// not given): pages of one URL path that differ only in their query,
// listing pages and calendar pages followed one after another, copies of
// one segment in a URL path. A 0 lifts a limit. Calendar pages beyond
// next year or before 1990 and session ids in URLs are always refused.
func WithTrapLimits(l TrapLimits) Option {
	return func(c *Crawler) error {
		if l.MaxQueryVariants < 0 || l.MaxPagerDepth < 0 || l.MaxCalendarDepth < 0 || l.MaxPathRepeat < 0 {
			return fmt.Errorf("trap limits %+v: must not be negative", l)
		}
		c.traps = l
		return nil
	}
}

// WithIgnoreRobots skips robots.txt: no rules, no Crawl-delay, no sitemaps
// from it.
func WithIgnoreRobots() Option {
	return func(c *Crawler) error { c.ignoreRobots = true; return nil }
}

// WithAllowPrivate lets the crawl reach loopback, private and link-local
// addresses. Without it only a seed's own host and port on such an address
// are reachable.
func WithAllowPrivate() Option {
	return func(c *Crawler) error { c.allowPrivate = true; return nil }
}

// WithFrontier sets where the pending requests and the visited set live
// (default: NewMemoryFrontier, which does not survive the process).
func WithFrontier(f Frontier) Option {
	return func(c *Crawler) error {
		if f == nil {
			return errors.New("nil frontier")
		}
		c.frontier = f
		return nil
	}
}

// WithFetcherOptions configures the HTTP side (User-Agent, timeouts, body
// cap, page-date parser) as for NewFetcher. The crawler supplies its own
// transport, whose dialer enforces the address guard, so WithTransport is
// overridden; retries are the crawler's own (re-queued on the host's lane
// rather than slept on).
func WithFetcherOptions(opts ...FetcherOption) Option {
	return func(c *Crawler) error { c.fetchOpts = append(c.fetchOpts, opts...); return nil }
}

// WithCrawlLogger sets the logger (default: discard).
func WithCrawlLogger(l *slog.Logger) Option {
	return func(c *Crawler) error {
		if l == nil {
			return errors.New("nil logger")
		}
		c.log = l
		return nil
	}
}

// WithProgress sets a function called with the running totals a few times
// a second and once at the end. It is called from the crawl's scheduling
// goroutine and should return quickly.
func WithProgress(f func(Stats)) Option {
	return func(c *Crawler) error { c.progress = f; return nil }
}

// New returns a Crawler that hands pages to sink.
func New(sink Sink, opts ...Option) (*Crawler, error) {
	if sink == nil {
		return nil, errors.New("crawler: nil sink")
	}
	c := &Crawler{
		sink:      sink,
		log:       slog.New(slog.DiscardHandler),
		scope:     ScopePrefix,
		delay:     DefaultDelay,
		parallel:  DefaultParallel,
		memBudget: DefaultMemoryBudget,
		traps:     DefaultTrapLimits,
	}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, fmt.Errorf("crawler option: %w", err)
		}
	}
	if c.frontier == nil {
		c.frontier = NewMemoryFrontier()
	}
	return c, nil
}

// Request kinds, kept in the request context.
const (
	kindPage    = "page"
	kindFeed    = "feed"
	kindSitemap = "sitemap"
)

// SeedContextKey is the key, in a serialised colly.Request's Ctx, of the
// seed whose section the request belongs to (a string): a Frontier that
// keeps requests by seed reads it there.
const SeedContextKey = "kohyo.seed"

// GenerationContextKey is the key, in a serialised colly.Request's Ctx,
// of the crawl generation the request was queued in (a string): a
// Frontier that keeps finished URLs re-queues one for a request of a new
// generation only.
const GenerationContextKey = "kohyo.gen"

// Keys of the crawler's values in a serialised colly.Request's Ctx.
const (
	ctxGen     = GenerationContextKey // crawl generation
	ctxKind    = "kohyo.kind"         // page, feed or sitemap
	ctxSeed    = SeedContextKey
	ctxOut     = "kohyo.out"     // "1": outside the section, fetched but not followed
	ctxListing = "kohyo.listing" // "1": a listing page (seed, pagination, archive), fetched unconditionally
	ctxTries   = "kohyo.tries"   // attempts so far
	ctxPager   = "kohyo.pager"   // listing pages followed one after another to reach this one
	ctxListed  = "kohyo.listed"  // the page's date in a sitemap or feed, YYYY-MM-DD (year evidence)
	// ctxFeedDate is the date of the feed item that listed the page,
	// RFC 3339: a publication date (a sitemap's lastmod is not one).
	ctxFeedDate = "kohyo.feed_date"
)

// Keys of per-fetch values in a live colly.Context.
const (
	ctxResponse    = "kohyo.response"
	ctxContentType = "kohyo.content-type"
)

// crawlItem is one request on its way through a run.
type crawlItem struct {
	url     string // the form fetched
	key     string // canonical URL: the page's identity
	id      uint64 // visited ID
	lane    string // scheme://host
	depth   int
	kind    string
	seed    string
	out     bool
	listing bool
	tries   int
	pager   int       // listing or calendar pages followed one after another to reach it (a trap limit)
	gen     string    // generation the request was queued in (read back from the frontier)
	listed  time.Time // the page's date in the sitemap or feed that listed it, or zero
	// feedDate is the date of the RSS item or Atom entry that listed the
	// page (a publication date), or zero; a sitemap's lastmod is not one.
	feedDate time.Time
}

func (it *crawlItem) marshal(gen string) ([]byte, error) {
	u, err := url.Parse(it.url)
	if err != nil {
		return nil, err
	}
	cctx := colly.NewContext()
	cctx.Put(ctxGen, gen)
	cctx.Put(ctxKind, it.kind)
	cctx.Put(ctxSeed, it.seed)
	if it.out {
		cctx.Put(ctxOut, "1")
	}
	if it.listing {
		cctx.Put(ctxListing, "1")
	}
	if it.pager > 0 {
		cctx.Put(ctxPager, strconv.Itoa(it.pager))
	}
	if it.tries > 0 {
		cctx.Put(ctxTries, strconv.Itoa(it.tries))
	}
	if !it.listed.IsZero() {
		cctx.Put(ctxListed, it.listed.Format("2006-01-02"))
	}
	if !it.feedDate.IsZero() {
		cctx.Put(ctxFeedDate, it.feedDate.Format(time.RFC3339))
	}
	r := &colly.Request{URL: u, Method: http.MethodGet, Depth: it.depth, Ctx: cctx}
	return r.Marshal()
}

// visitedID is the frontier's visited ID of a canonical URL in a crawl
// generation.
func visitedID(gen, key string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(gen))
	h.Write([]byte{0})
	h.Write([]byte(key))
	return h.Sum64()
}

// Run crawls from seeds (and from what the frontier holds pending from an
// earlier run) until nothing in scope is left, MaxPages is reached, or ctx
// is cancelled. On cancellation, pages in flight are finished and handed
// to the sink, nothing new is started, requests taken but not started go
// back to the frontier, and Run returns the stats with ctx's error.
//
// Errors about single pages go to the Sink and the log, not to the caller.
// Run fails when it cannot start (a bad seed, a frontier that will not
// initialise), and when storing fails (the Sink or the frontier returns an
// error): the crawl stops as on cancellation, and the error wraps
// ErrStorage and the first storage error.
func (c *Crawler) Run(ctx context.Context, seeds []string) (Stats, error) {
	r, err := c.newRun(ctx, seeds)
	if err != nil {
		return Stats{}, err
	}
	return r.loop(ctx)
}
