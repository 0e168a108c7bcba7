package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/kohyo-dev/kohyo/crawler/page"
)

// crawlRun is the state of one Run.
type crawlRun struct {
	c        *Crawler
	gen      string
	fetcher  *Fetcher
	client   *http.Client
	col      *colly.Collector
	guard    *addrGuard
	hops     *hopArchive        // archives the hops of redirect chains
	sections map[string]section // by seed (fetch form)
	seeds    []string           // this run's seeds, in order
	ua       string
	maxBody  int
	start    time.Time
	// bg is the context of in-flight work: it outlives the run's context
	// by stopGrace, so that pages in flight finish and are committed, and
	// a slow server cannot hold a stopped crawl.
	bg       context.Context
	bgCancel context.CancelFunc
	log      *slog.Logger
	first    []*crawlItem // requests taken while starting (to learn the generation)

	mu          sync.Mutex
	stats       Stats
	enqueued    map[uint64]bool // IDs added to the frontier in this run
	taken       map[uint64]bool // IDs taken from the frontier in this run
	claimed     map[uint64]bool // IDs of documents being stored or stored in this run
	rendered    map[string]int  // renderings per host
	later       []*crawlItem    // not committed by the sink: back to the frontier at the end
	fatal       error           // the first storage error: the crawl stops
	traps       *trapGuard
	trapsLogged map[string]bool // lane and trap kind logged at Info

	abort     chan struct{} // closed on a storage error
	abortOnce sync.Once

	// added is set after each request added to the frontier, so that the
	// scheduler asks a drained frontier again only when it may hold
	// something (a SQLite frontier's claim is a write transaction).
	added atomic.Bool
}

func (c *Crawler) newRun(ctx context.Context, seeds []string) (*crawlRun, error) {
	guard := newAddrGuard(c.allowPrivate)
	fopts := append(append([]FetcherOption(nil), c.fetchOpts...), WithTransport(guard.transport(DefaultConnectTimeout)))
	f, err := NewFetcher(fopts...)
	if err != nil {
		return nil, fmt.Errorf("crawler: %w", err)
	}
	client := *f.Client()
	checkRedirect := client.CheckRedirect
	hops := &hopArchive{a: c.archive}
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if err := hops.record(req, via); err != nil {
			return err
		}
		if err := guard.checkLiteral(req.URL); err != nil {
			return err
		}
		if checkRedirect != nil {
			return checkRedirect(req, via)
		}
		return nil
	}

	// colly.NewCollector would read COLLY_* environment variables; Init
	// alone sets the defaults.
	col := &colly.Collector{}
	col.Init()
	col.UserAgent = f.UserAgent()
	col.MaxBodySize = int(f.MaxBodySize()) + 1 // one byte more tells a cut body
	// robots.txt is enforced by the scheduler (robots.go) with the same
	// library, before a request is started: Colly's own check fetches
	// robots.txt outside the context, ignores Crawl-delay and cannot hand
	// over the Sitemap lines.
	col.IgnoreRobotsTxt = true
	col.AllowURLRevisit = true // "visited" is recorded after the sink commits, by the crawler
	col.ParseHTTPErrorResponse = true
	bg, bgCancel := context.WithCancel(context.WithoutCancel(ctx))
	col.Context = bg
	col.SetClient(&client)
	if err := col.SetStorage(c.frontier); err != nil {
		bgCancel()
		return nil, fmt.Errorf("crawler: init frontier: %w", err)
	}
	col.OnResponseHeaders(func(r *colly.Response) {
		ct := r.Headers.Get("Content-Type")
		r.Ctx.Put(ctxContentType, ct)
		mt := strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
		for _, p := range []string{"image/", "video/", "audio/", "font/"} {
			if strings.HasPrefix(mt, p) {
				r.Request.Abort()
				return
			}
		}
		// Keep Colly from transcoding the body by the header's charset:
		// page.Parse decodes it, checking the header against the page.
		if mt != ct {
			r.Headers.Set("Content-Type", mt)
		}
	})
	col.OnResponse(func(r *colly.Response) { r.Ctx.Put(ctxResponse, r) })

	r := &crawlRun{
		c:           c,
		fetcher:     f,
		client:      &client,
		col:         col,
		guard:       guard,
		hops:        hops,
		sections:    map[string]section{},
		ua:          f.UserAgent(),
		maxBody:     int(f.MaxBodySize()),
		start:       time.Now(),
		bg:          bg,
		bgCancel:    bgCancel,
		abort:       make(chan struct{}),
		traps:       newTrapGuard(c.traps),
		trapsLogged: map[string]bool{},
		log:         c.log,
		enqueued:    map[uint64]bool{},
		taken:       map[uint64]bool{},
		claimed:     map[uint64]bool{},
		rendered:    map[string]int{},
	}
	for _, s := range seeds {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		ff, err := fetchForm(s)
		if err != nil {
			bgCancel()
			return nil, fmt.Errorf("crawler: seed %q: %w", s, err)
		}
		sec, err := sectionOf(ff)
		if err != nil {
			bgCancel()
			return nil, fmt.Errorf("crawler: seed %q: %w", s, err)
		}
		if _, dup := r.sections[ff]; !dup {
			r.sections[ff] = sec
			r.seeds = append(r.seeds, ff)
		}
		u, _ := url.Parse(ff)
		if err := guard.allowSeed(ctx, u); err != nil {
			r.log.Warn("seed host does not resolve", "seed", ff, "err", err)
		}
	}

	// Resume: requests pending from an earlier run carry its generation.
	if n, err := c.frontier.QueueSize(); err == nil && n > 0 {
		if it := r.popRaw(); it != nil && it.gen != "" {
			r.gen = it.gen
			r.first = append(r.first, it)
		}
	}
	if r.gen == "" {
		r.gen = strconv.FormatInt(time.Now().UnixNano(), 36)
		r.log.Info("crawl started", "seeds", len(r.seeds), "generation", r.gen)
	} else {
		r.log.Info("crawl resumed", "seeds", len(r.seeds), "generation", r.gen)
	}
	for _, it := range r.first {
		it.id = visitedID(r.gen, it.key)
	}
	for _, s := range r.seeds {
		u, _ := url.Parse(s)
		key, _ := Canonical(s)
		r.enqueue(&crawlItem{url: s, key: key, id: visitedID(r.gen, key), lane: laneKey(u),
			kind: kindPage, seed: s, listing: true})
		sm := u.Scheme + "://" + u.Host + "/sitemap.xml"
		r.enqueue(&crawlItem{url: sm, key: sm, id: visitedID(r.gen, sm), lane: laneKey(u),
			kind: kindSitemap, seed: s})
	}
	return r, nil
}

func laneKey(u *url.URL) string { return u.Scheme + "://" + u.Host }

// sectionFor returns the section of a seed, also for seeds of earlier runs
// (known from the requests they left in the frontier).
func (r *crawlRun) sectionFor(seed string) (section, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.sections[seed]; ok {
		return s, true
	}
	s, err := sectionOf(seed)
	if err != nil {
		return section{}, false
	}
	r.sections[seed] = s
	return s, true
}

// allSections returns the sections of this run's seeds and of seeds seen
// in resumed requests.
func (r *crawlRun) allSections() map[string]section {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.sections)
}

// enqueue adds it to the frontier unless it was added in this run or is
// done in this generation.
func (r *crawlRun) enqueue(it *crawlItem) { r.enqueueAll([]*crawlItem{it}) }

// enqueueAll adds items as enqueue does, in one write when the frontier
// takes batches (BatchAdder).
func (r *crawlRun) enqueueAll(items []*crawlItem) {
	var reqs [][]byte
	var urls []string
	for _, it := range items {
		r.mu.Lock()
		if r.enqueued[it.id] || r.taken[it.id] {
			r.mu.Unlock()
			continue
		}
		r.enqueued[it.id] = true
		r.mu.Unlock()
		if done, err := r.c.frontier.IsVisited(it.id); err == nil && done {
			continue
		}
		b, err := it.marshal(r.gen)
		if err != nil {
			r.log.Warn("frontier: cannot add request", "url", it.url, "err", err)
			continue
		}
		reqs, urls = append(reqs, b), append(urls, it.url)
	}
	if len(reqs) == 0 {
		return
	}
	if ba, ok := r.c.frontier.(BatchAdder); ok {
		if err := ba.AddRequests(reqs); err != nil {
			r.log.Warn("frontier: cannot add requests", "n", len(reqs), "first", urls[0], "err", err)
			return
		}
	} else {
		for i, b := range reqs {
			if err := r.c.frontier.AddRequest(b); err != nil {
				r.log.Warn("frontier: cannot add request", "url", urls[i], "err", err)
			}
		}
	}
	r.added.Store(true)
}

// popRaw takes one request from the frontier and decodes it; nil when the
// frontier is empty (or the entry unreadable: it is logged and dropped).
func (r *crawlRun) popRaw() *crawlItem {
	b, err := r.c.frontier.GetRequest()
	if err != nil || len(b) == 0 {
		return nil
	}
	req, err := r.col.UnmarshalRequest(b)
	if err != nil {
		r.log.Warn("frontier: unreadable request dropped", "err", err)
		return &crawlItem{}
	}
	get := func(k string) string { s, _ := req.Ctx.GetAny(k).(string); return s }
	it := &crawlItem{
		url:     req.URL.String(),
		depth:   req.Depth,
		kind:    get(ctxKind),
		seed:    get(ctxSeed),
		out:     get(ctxOut) == "1",
		listing: get(ctxListing) == "1",
		pager:   atoiOr0(get(ctxPager)),
		gen:     get(ctxGen),
	}
	it.tries, _ = strconv.Atoi(get(ctxTries))
	it.listed, _ = time.Parse("2006-01-02", get(ctxListed))
	it.feedDate, _ = time.Parse(time.RFC3339, get(ctxFeedDate))
	if it.kind == "" {
		it.kind = kindPage
	}
	ff, err := fetchForm(it.url)
	if err != nil {
		r.log.Warn("frontier: bad url dropped", "url", it.url, "err", err)
		return &crawlItem{}
	}
	it.url = ff
	if it.key, err = Canonical(ff); err != nil {
		return &crawlItem{}
	}
	if it.seed == "" {
		it.seed = ff
	}
	u, _ := url.Parse(ff)
	it.lane = laneKey(u)
	return it
}

// pop takes the next request to schedule: ok is false when the frontier is
// empty; it is nil for a request to skip (done, taken, unreadable).
func (r *crawlRun) pop() (it *crawlItem, ok bool) {
	if len(r.first) > 0 {
		it, r.first = r.first[0], r.first[1:]
	} else if it = r.popRaw(); it == nil {
		return nil, false
	}
	if it.key == "" {
		return nil, true
	}
	it.id = visitedID(r.gen, it.key)
	r.mu.Lock()
	dup := r.taken[it.id]
	r.taken[it.id] = true
	r.mu.Unlock()
	if dup {
		return nil, true
	}
	if done, err := r.c.frontier.IsVisited(it.id); err == nil && done {
		r.finish(it)
		return nil, true
	}
	r.sectionFor(it.seed)
	return it, true
}

func (r *crawlRun) count(f func(*Stats)) {
	r.mu.Lock()
	f(&r.stats)
	r.mu.Unlock()
}

func (r *crawlRun) snapshot(queued int) Stats {
	r.mu.Lock()
	s := r.stats
	r.mu.Unlock()
	s.Queued = queued
	s.Elapsed = time.Since(r.start)
	return s
}

// markDone records it as visited: the sink has what it needs.
func (r *crawlRun) markDone(it *crawlItem) {
	if err := r.c.frontier.Visited(it.id); err != nil {
		r.log.Error("frontier: cannot mark done", "url", it.key, "err", err)
		r.stop(fmt.Errorf("frontier: %w", err))
	}
	r.finish(it)
}

// finish ends a leasing frontier's lease on it.
func (r *crawlRun) finish(it *crawlItem) {
	if f, ok := r.c.frontier.(Finisher); ok {
		if err := f.Finish(it.url); err != nil {
			r.log.Warn("frontier: cannot finish request", "url", it.url, "err", err)
		}
	}
}

func (r *crawlRun) queued(buffered int) int {
	n, err := r.c.frontier.QueueSize()
	if err != nil {
		n = 0
	}
	return n + buffered
}

// claim reserves the storing of the document with visited ID id for the
// caller; false when another request of this run has claimed it.
func (r *crawlRun) claim(id uint64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.claimed[id] {
		return false
	}
	r.claimed[id] = true
	return true
}

// release gives up a claim whose page the sink did not store.
func (r *crawlRun) release(id uint64) {
	if id == 0 {
		return
	}
	r.mu.Lock()
	delete(r.claimed, id)
	r.mu.Unlock()
}

// retry puts it back on its lane after a backoff that starts at the
// host's delay (at least 50ms) and doubles, or the server's Retry-After.
func (r *crawlRun) retry(it *crawlItem, res laneResult, retryAfter time.Duration, why string) laneResult {
	wait := max(r.c.delay, 50*time.Millisecond) << it.tries
	wait = max(wait, retryAfter)
	next := *it
	next.tries++
	res.retry, res.wait = &next, wait
	r.count(func(s *Stats) { s.Retries++ })
	r.log.Info("retry", "url", it.url, "attempt", next.tries+1, "wait", wait, "reason", why)
	return res
}

// failed reports a page that could not be fetched or parsed. Feeds and
// sitemaps are not documents: their failures are only logged.
func (r *crawlRun) failed(it *crawlItem, err error) {
	if it.kind != kindPage {
		r.log.Debug("feed or sitemap unavailable", "url", it.url, "err", err)
		r.markDone(it)
		return
	}
	if r.interrupted(it) {
		return
	}
	r.log.Debug("page failed", "url", it.key, "err", err)
	if serr := r.c.sink.Failed(r.bg, it.key, err); serr != nil {
		r.sinkError(it, serr)
		return
	}
	switch page.KindOf(err) {
	case page.KindNotJapanese, page.KindUnsupportedType:
		r.count(func(s *Stats) { s.Skipped++ })
	default:
		r.count(func(s *Stats) { s.Errors++ })
	}
	r.markDone(it)
}

// sinkError handles a sink that could not store a page: the request is
// kept for the next run and, unless the run was being stopped anyway, the
// crawl stops: a store that fails once (a full disk, a locked or broken
// database) fails for every page after it.
func (r *crawlRun) sinkError(it *crawlItem, err error) {
	r.keep(it)
	if r.bg.Err() != nil {
		return // cut by the end of the grace period, not a storage failure
	}
	r.log.Error("storage failed: crawl stopping", "url", it.key, "err", err)
	r.stop(err)
}

// stop ends the run because storage failed with err.
func (r *crawlRun) stop(err error) {
	r.mu.Lock()
	if r.fatal == nil {
		r.fatal = err
	}
	r.mu.Unlock()
	r.abortOnce.Do(func() { close(r.abort) })
}

// keep gives it back to the frontier at the end of the run.
func (r *crawlRun) keep(it *crawlItem) {
	r.mu.Lock()
	r.later = append(r.later, it)
	r.mu.Unlock()
}

// interrupted keeps it for the next run when in-flight work was cut at
// the end of the grace period; a page cut short is not a failed page.
func (r *crawlRun) interrupted(it *crawlItem) bool {
	if r.bg.Err() == nil {
		return false
	}
	r.keep(it)
	return true
}

// trapped counts and logs a link refused as a trap: the first hit of each
// kind on a host at Info, the others at Debug.
func (r *crawlRun) trapped(from, it *crawlItem, trap string) {
	r.mu.Lock()
	switch trap {
	case "query_variants":
		r.stats.Traps.QueryVariants++
	case "pager_depth":
		r.stats.Traps.PagerDepth++
	case "calendar":
		r.stats.Traps.Calendar++
	case "repeating_path":
		r.stats.Traps.RepeatingPath++
	}
	first := !r.trapsLogged[it.lane+" "+trap]
	r.trapsLogged[it.lane+" "+trap] = true
	r.mu.Unlock()
	level := slog.LevelDebug
	if first {
		level = slog.LevelInfo
	}
	r.log.Log(r.bg, level, "link refused as a crawler trap", "trap", trap, "from", from.url, "url", it.url)
}

// follow queues the links found on it's page that are in scope.
func (r *crawlRun) follow(from *crawlItem, links []foundLink) {
	if from.out || len(links) == 0 {
		return
	}
	home, ok := r.sectionFor(from.seed)
	if !ok {
		return
	}
	all := r.allSections()
	var batch []*crawlItem
	for _, l := range links {
		f, err := fetchForm(l.url)
		if err != nil {
			continue
		}
		u, _ := url.Parse(f)
		if err := r.guard.checkLiteral(u); err != nil {
			r.count(func(s *Stats) { s.Refused++ })
			r.log.Info("link refused", "from", from.url, "url", f, "err", err)
			continue
		}
		if !l.feed && !l.sitemap && skippedByExtension(u) {
			continue
		}
		key, err := Canonical(f)
		if err != nil {
			continue
		}
		it := &crawlItem{url: f, key: key, lane: laneKey(u), seed: from.seed, kind: kindPage, depth: from.depth + 1, listed: l.listed, feedDate: l.feedDate}
		sec, inSec := home, home.contains(u, r.c.scope)
		sameHost := home.sameHost(u)
		if !inSec {
			for seed, s := range all {
				if s.contains(u, r.c.scope) {
					sec, inSec, it.seed = s, true, seed
					break
				}
				sameHost = sameHost || s.sameHost(u)
			}
		}
		switch {
		case l.sitemap:
			if !sameHost && !inSec {
				continue
			}
			it.kind, it.depth = kindSitemap, from.depth
		case l.feed:
			if !sameHost && !inSec {
				continue
			}
			it.kind, it.depth = kindFeed, from.depth
		case inSec:
			if l.next || isListingURL(u, sec) {
				it.depth, it.listing = from.depth, true
			}
		case from.kind == kindSitemap:
			continue // a sitemap lists the whole site: only the section is wanted
		case r.c.scope == ScopePrefix && sameHost:
			it.out = true // one hop out: fetched, not followed
		default:
			continue
		}
		if r.c.maxDepth > 0 && it.depth > r.c.maxDepth {
			continue
		}
		if it.kind == kindPage && !r.c.filters.allows(f) {
			continue
		}
		if it.kind == kindPage {
			it.pager = chainDepth(from, u, it.listing)
			if trap := r.traps.check(u, it); trap != "" {
				r.trapped(from, it, trap)
				continue
			}
		}
		it.id = visitedID(r.gen, key)
		batch = append(batch, it)
	}
	r.enqueueAll(batch)
}

func atoiOr0(s string) int { n, _ := strconv.Atoi(s); return n }
