package crawler

import (
	"context"
	"errors"
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
)

// crawlRun is the state of one Run.
type crawlRun struct {
	c        *Crawler
	gen      string
	fetcher  *Fetcher
	client   *http.Client
	col      *colly.Collector
	guard    *addrGuard
	sections map[string]section // by seed (fetch form)
	seeds    []string           // this run's seeds, in order
	ua       string
	maxBody  int
	start    time.Time
	bg       context.Context // the run's context without its cancellation: in-flight work finishes
	log      *slog.Logger
	first    []*crawlItem // requests taken while starting (to learn the generation)

	mu       sync.Mutex
	stats    Stats
	enqueued map[uint64]bool // IDs added to the frontier in this run
	taken    map[uint64]bool // IDs taken from the frontier in this run
	claimed  map[uint64]bool // IDs of documents being stored or stored in this run
	later    []*crawlItem    // not committed by the sink: back to the frontier at the end

	// added is set after each request added to the frontier, so that the
	// scheduler asks a drained frontier again only when it may hold
	// something (a SQLite frontier's claim is a write transaction).
	added atomic.Bool
}

// hostLane holds the requests of one scheme://host: one in flight at a
// time, delay apart.
type hostLane struct {
	key        string
	items      []*crawlItem
	busy       bool
	next       time.Time // earliest start of the next request
	delay      time.Duration
	robots     *robotsRules
	robotsDone bool
}

// laneResult is what a finished job tells the scheduler.
type laneResult struct {
	lane      string
	robots    *robotsRules // a robots job's rules
	robotsJob bool
	retry     *crawlItem // to try again after wait
	wait      time.Duration
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
	client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
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
	col.Context = context.WithoutCancel(ctx)
	col.SetClient(&client)
	if err := col.SetStorage(c.frontier); err != nil {
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
		// ParseResponse decodes it, checking the header against the page.
		if mt != ct {
			r.Headers.Set("Content-Type", mt)
		}
	})
	col.OnResponse(func(r *colly.Response) { r.Ctx.Put(ctxResponse, r) })

	r := &crawlRun{
		c:        c,
		fetcher:  f,
		client:   &client,
		col:      col,
		guard:    guard,
		sections: map[string]section{},
		ua:       f.UserAgent(),
		maxBody:  int(f.MaxBodySize()),
		start:    time.Now(),
		bg:       context.WithoutCancel(ctx),
		log:      c.log,
		enqueued: map[uint64]bool{},
		taken:    map[uint64]bool{},
		claimed:  map[uint64]bool{},
	}
	for _, s := range seeds {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		ff, err := fetchForm(s)
		if err != nil {
			return nil, fmt.Errorf("crawler: seed %q: %w", s, err)
		}
		sec, err := sectionOf(ff)
		if err != nil {
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
		gen:     get(ctxGen),
	}
	it.tries, _ = strconv.Atoi(get(ctxTries))
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
		r.log.Warn("frontier: cannot mark done", "url", it.key, "err", err)
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

// loop schedules requests onto host lanes until the work is done, the page
// budget is spent, or ctx is cancelled.
func (r *crawlRun) loop(ctx context.Context) (Stats, error) {
	lanes := map[string]*hostLane{}
	freed := make(chan laneResult)  // a job's HTTP exchange is over: its lane may go on
	finished := make(chan struct{}) // a job is over
	// fetching counts HTTP exchanges (at most Parallel, one per host);
	// active counts jobs, whose parsing and sink may still run after the
	// exchange (at most processing).
	fetching, active, buffered, pages := 0, 0, 0, 0
	processing := max(4*r.c.parallel, minProcessing)
	stopping := false
	done := ctx.Done()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var lastProgress time.Time

	laneOf := func(key string) *hostLane {
		l := lanes[key]
		if l == nil {
			l = &hostLane{key: key, delay: r.c.delay, robotsDone: r.c.ignoreRobots}
			lanes[key] = l
		}
		return l
	}

	drained := false // the frontier was found empty and nothing was added since
	for {
		if !stopping && buffered < laneBuffer && (!drained || r.added.Swap(false)) {
			drained = false
		}
		for !stopping && !drained && buffered < laneBuffer {
			it, ok := r.pop()
			if !ok {
				drained = true
				break
			}
			if it == nil {
				continue
			}
			l := laneOf(it.lane)
			l.items = append(l.items, it)
			buffered++
		}

		now := time.Now()
		var wake time.Time
		for _, l := range lanes {
			if stopping || fetching >= r.c.parallel || active >= processing {
				break
			}
			if l.busy || len(l.items) == 0 {
				continue
			}
			if !l.robotsDone {
				l.busy = true
				fetching++
				active++
				go func(key string) {
					freed <- r.robotsJob(key)
					finished <- struct{}{}
				}(l.key)
				continue
			}
			if now.Before(l.next) {
				if wake.IsZero() || l.next.Before(wake) {
					wake = l.next
				}
				continue
			}
			for len(l.items) > 0 {
				it := l.items[0]
				u, _ := url.Parse(it.url)
				if !l.robots.allows(u) {
					l.items = l.items[1:]
					buffered--
					r.count(func(s *Stats) { s.Disallowed++ })
					r.log.Debug("disallowed by robots.txt", "url", it.url)
					r.markDone(it)
					continue
				}
				if it.kind == kindPage && r.c.maxPages > 0 && pages >= r.c.maxPages {
					r.log.Info("page budget reached", "max_pages", r.c.maxPages)
					stopping = true
					break
				}
				l.items = l.items[1:]
				buffered--
				if it.kind == kindPage {
					pages++
				}
				l.busy = true
				fetching++
				active++
				go func(it *crawlItem) {
					res, rest := r.job(it)
					freed <- res
					if rest != nil {
						rest()
					}
					finished <- struct{}{}
				}(it)
				break
			}
		}

		if active == 0 && (stopping || (drained && buffered == 0)) {
			break
		}

		var tick <-chan time.Time
		if !wake.IsZero() && !stopping {
			timer.Reset(time.Until(wake))
			tick = timer.C
		}
		select {
		case <-finished:
			active--
		case res := <-freed:
			fetching--
			l := laneOf(res.lane)
			l.busy = false
			if res.robotsJob {
				l.robotsDone = true
				l.robots = res.robots
				if res.robots != nil && res.robots.crawlDelay > l.delay {
					l.delay = min(res.robots.crawlDelay, maxCrawlDelay)
					if res.robots.crawlDelay > maxCrawlDelay {
						r.log.Warn("crawl-delay capped", "host", l.key, "asked", res.robots.crawlDelay, "used", maxCrawlDelay)
					}
				}
			}
			l.next = time.Now().Add(l.delay)
			if res.retry != nil {
				l.items = append([]*crawlItem{res.retry}, l.items...)
				buffered++
				if w := time.Now().Add(res.wait); w.After(l.next) {
					l.next = w
				}
			}
		case <-tick:
		case <-done:
			done = nil
			if !stopping {
				stopping = true
				r.log.Info("crawl interrupted: finishing pages in flight", "in_flight", active)
			}
		}

		if r.c.progress != nil && time.Since(lastProgress) >= progressEvery {
			lastProgress = time.Now()
			r.c.progress(r.snapshot(r.queued(buffered)))
		}
	}

	// Give back what was taken but not started, and what the sink did not
	// commit, so that the next run does it.
	var back []*crawlItem
	for _, l := range lanes {
		back = append(back, l.items...)
	}
	r.mu.Lock()
	back = append(back, r.later...)
	r.later = nil
	r.mu.Unlock()
	for _, it := range back {
		b, err := it.marshal(r.gen)
		if err == nil {
			err = r.c.frontier.AddRequest(b)
		}
		if err != nil {
			r.log.Warn("frontier: cannot give back request", "url", it.url, "err", err)
		}
	}
	r.client.CloseIdleConnections()
	st := r.snapshot(r.queued(0))
	if r.c.progress != nil {
		r.c.progress(st)
	}
	r.log.Info("crawl finished", "fetched", st.Fetched, "unchanged", st.Unchanged, "errors", st.Errors,
		"disallowed", st.Disallowed, "refused", st.Refused, "queued", st.Queued,
		"elapsed", st.Elapsed.Round(time.Millisecond), "rate", fmt.Sprintf("%.1f/s", st.Rate()))
	if err := ctx.Err(); err != nil {
		return st, err
	}
	return st, nil
}

func (r *crawlRun) queued(buffered int) int {
	n, err := r.c.frontier.QueueSize()
	if err != nil {
		n = 0
	}
	return n + buffered
}

// robotsJob fetches the robots.txt of a lane and queues the sitemaps it
// names on that host.
func (r *crawlRun) robotsJob(lane string) laneResult {
	res := laneResult{lane: lane, robotsJob: true}
	u, err := url.Parse(lane)
	if err != nil {
		return res
	}
	rules, err := fetchRobots(r.bg, r.client, u.Scheme, u.Host, r.ua)
	if err != nil {
		r.log.Warn("robots.txt unreadable: host treated as unrestricted", "host", lane, "err", err)
		return res
	}
	res.robots = rules
	for seed, sec := range r.allSections() {
		if sec.host != u.Host {
			continue
		}
		for _, sm := range rules.sitemaps {
			f, err := fetchForm(sm)
			if err != nil {
				continue
			}
			su, _ := url.Parse(f)
			if su.Host != u.Host {
				continue
			}
			key, _ := Canonical(f)
			r.enqueue(&crawlItem{url: f, key: key, id: visitedID(r.gen, key), lane: laneKey(su), kind: kindSitemap, seed: seed})
		}
		break
	}
	return res
}

// job fetches one request. It returns what the lane needs to know as soon
// as the HTTP exchange is over, and, for a 2xx answer, the rest of the work
// (parsing, the sink, the links), which runs while the host's lane moves
// on: politeness limits requests, not parsing.
func (r *crawlRun) job(it *crawlItem) (laneResult, func()) {
	res := laneResult{lane: it.lane}
	hdr := http.Header{}
	if it.kind == kindPage && !it.listing {
		k, err := r.c.sink.Known(r.bg, it.key)
		if err != nil {
			r.log.Warn("sink: known", "url", it.key, "err", err)
		}
		if k.ETag != "" {
			hdr.Set("If-None-Match", k.ETag)
		}
		if k.LastModified != "" {
			hdr.Set("If-Modified-Since", k.LastModified)
		}
	}
	cctx := colly.NewContext()
	err := r.col.Request(http.MethodGet, it.url, nil, cctx, hdr)
	resp, _ := cctx.GetAny(ctxResponse).(*colly.Response)
	now := time.Now().UTC()

	if err != nil || resp == nil {
		if err == nil {
			err = errors.New("no response")
		}
		var fe *Error
		switch {
		case errors.Is(err, colly.ErrAbortedAfterHeaders):
			fe = &Error{Kind: KindUnsupportedType, URL: it.key, Err: fmt.Errorf("%s", cctx.Get(ctxContentType))}
		case errors.Is(err, ErrBlockedAddress):
			r.count(func(s *Stats) { s.Refused++ })
			fe = &Error{Kind: KindBlocked, URL: it.key, Err: err}
		default:
			kind := KindOf(err)
			if (kind == KindNetwork || kind == KindConnect) && it.tries < crawlRetries {
				return r.retry(it, res, 0, err.Error()), nil
			}
			fe = &Error{Kind: kind, URL: it.key, Attempts: it.tries + 1, Err: err}
		}
		r.failed(it, fe)
		return res, nil
	}

	status := resp.StatusCode
	header := resp.Headers.Clone()
	if ct := cctx.Get(ctxContentType); ct != "" {
		header.Set("Content-Type", ct)
	}
	switch {
	case status == http.StatusNotModified:
		r.count(func(s *Stats) { s.Unchanged++ })
		if us, ok := r.c.sink.(UnchangedSink); ok {
			if err := us.Unchanged(r.bg, it.key, now); err != nil {
				r.sinkError(it, err)
				return res, nil
			}
		}
		r.markDone(it)
		return res, nil
	case status == http.StatusTooManyRequests || (status >= 500 && status != http.StatusNotImplemented):
		ra := retryAfter(header.Get("Retry-After"), time.Now())
		if it.tries < crawlRetries && ra <= maxRetryAfter {
			return r.retry(it, res, ra, "http status "+strconv.Itoa(status)), nil
		}
		r.failed(it, &Error{Kind: KindHTTPStatus, URL: it.key, Status: status, RetryAfter: ra, Attempts: it.tries + 1})
		return res, nil
	case status >= 300:
		r.failed(it, &Error{Kind: KindHTTPStatus, URL: it.key, Status: status, Attempts: it.tries + 1})
		return res, nil
	}

	return res, func() {
		final := resp.Request.URL.String()
		body := resp.Body
		truncated := len(body) > r.maxBody
		if truncated {
			body = body[:r.maxBody]
		}
		mt := strings.ToLower(strings.TrimSpace(strings.Split(header.Get("Content-Type"), ";")[0]))
		base, _ := url.Parse(final)

		if it.kind != kindPage || isXMLType(mt) {
			pages, maps := scanXMLLinks(body)
			var links []foundLink
			for _, p := range pages {
				links = append(links, foundLink{url: p})
			}
			for _, m := range maps {
				links = append(links, foundLink{url: m, sitemap: true})
			}
			r.log.Debug("feed read", "url", it.url, "entries", len(pages), "sitemaps", len(maps))
			r.follow(it, links)
			r.markDone(it)
			return
		}

		// After a redirect the page is the one redirected to: one document
		// per page, however it was reached.
		docKey, also := it.key, uint64(0)
		if fk, err := Canonical(final); err == nil && fk != it.key {
			docKey, also = fk, visitedID(r.gen, fk)
			if done, err := r.c.frontier.IsVisited(also); err == nil && done {
				r.log.Debug("redirect to a page already stored", "url", it.key, "to", fk)
				r.markDone(it)
				return
			}
		}

		var links []foundLink
		isHTML := mt == "text/html" || mt == "application/xhtml+xml"
		if isHTML && base != nil {
			links = scanHTMLLinks(body, base)
		}
		// A page that names another form of its own URL as canonical
		// (detail.php?id=12&from=list → detail.php?id=12) is stored under
		// that form, once, however it was reached.
		if ck := canonicalOf(links, final); ck != "" && ck != docKey {
			r.log.Debug("page names its canonical URL", "url", it.key, "canonical", ck)
			docKey, also = ck, visitedID(r.gen, ck)
		}

		opts := []ParseOption{DatesWith(r.fetcher.DateParser()), FetchedAt(now)}
		if truncated {
			opts = append(opts, Truncated())
		}
		doc, perr := ParseResponse(docKey, final, status, header, body, opts...)

		// Links first (a listing page may have no main text and still lead on),
		// then the sink.
		if !it.out && base != nil {
			if doc != nil {
				for _, l := range doc.Links {
					links = append(links, foundLink{url: l})
				}
			}
			if also != 0 {
				links = dropKey(links, docKey) // the canonical form is this page
			}
			r.follow(it, links)
		}
		if perr != nil {
			if KindOf(perr) == KindEmpty && doc != nil && len(doc.Links) > 0 {
				// A page of links without text of its own (a listing): it led
				// on, it is not a document.
				r.count(func(s *Stats) { s.Navigational++ })
				r.log.Debug("navigation page", "url", it.key, "links", len(doc.Links))
				r.markDone(it)
				return
			}
			r.failed(it, perr)
			return
		}
		// Every stored page claims its document key first, whichever URL form
		// reached it: another request of this run may reach the same page by
		// a redirect or a canonical link while this one is being stored, and
		// only the first to claim it stores it.
		docID := visitedID(r.gen, docKey)
		if !r.claim(docID) {
			r.log.Debug("page stored by another request", "url", it.key, "as", docKey)
			r.markDone(it)
			return
		}
		if also != 0 {
			if done, err := r.c.frontier.IsVisited(also); err == nil && done {
				r.log.Debug("page already stored under its canonical URL", "url", it.key, "canonical", docKey)
				r.markDone(it)
				return
			}
		}
		if err := r.c.sink.Page(r.bg, doc); err != nil {
			r.release(docID)
			r.sinkError(it, err)
			return
		}
		r.count(func(s *Stats) { s.Fetched++ })
		r.log.Debug("page", "url", docKey, "status", status, "charset", doc.Charset, "title", doc.Title)
		if also != 0 {
			if err := r.c.frontier.Visited(also); err != nil {
				r.log.Warn("frontier: cannot mark done", "url", docKey, "err", err)
			}
		}
		r.markDone(it)
		return
	}
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
	r.log.Debug("page failed", "url", it.key, "err", err)
	if serr := r.c.sink.Failed(r.bg, it.key, err); serr != nil {
		r.sinkError(it, serr)
		return
	}
	r.count(func(s *Stats) { s.Errors++ })
	r.markDone(it)
}

// sinkError records a sink that could not store a page: counted, logged,
// and the request kept for the next run.
func (r *crawlRun) sinkError(it *crawlItem, err error) {
	r.log.Error("sink: page not stored", "url", it.key, "err", err)
	r.mu.Lock()
	r.stats.Errors++
	r.later = append(r.later, it)
	r.mu.Unlock()
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
		it := &crawlItem{url: f, key: key, lane: laneKey(u), seed: from.seed, kind: kindPage, depth: from.depth + 1}
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
		it.id = visitedID(r.gen, key)
		batch = append(batch, it)
	}
	r.enqueueAll(batch)
}
