package crawler

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/kohyo-dev/kohyo/archive"
	"github.com/kohyo-dev/kohyo/crawler/page"
)

// A job is one request on its way through two named steps:
//
//	exchange  the HTTP request and its answer: a transport failure, a
//	          304, a status to retry or to fail, or a 2xx answer. Its lane
//	          waits for this step only (one request per host at a time).
//	process   a 2xx answer read: a feed or sitemap gives its entries; a
//	          page is parsed once (page.Parse: text, date and the links with
//	          their roles), its links are followed, and it is stored under
//	          its document key (after redirects and rel=canonical) by the
//	          first request of the run to claim that key.

// answer is a 2xx response, handed from exchange to process.
type answer struct {
	final  string      // the URL answered, after redirects
	status int         // HTTP status
	header http.Header // with the Content-Type the server sent
	body   []byte      // at most maxBody+1 bytes: one more tells a cut body
	at     time.Time   // when the answer came
	warc   archive.Ref // where the archive keeps it (zero without one)
}

// job runs one request. It returns what the lane needs to know as soon as
// the exchange is over and, for a 2xx answer, the process step, which runs
// while the host's lane moves on: politeness limits requests, not parsing.
func (r *crawlRun) job(it *crawlItem) (laneResult, func()) {
	a, res := r.exchange(it)
	if a == nil {
		return res, nil
	}
	res.held = processCost(len(a.body))
	return res, func() { r.process(it, a) }
}

// exchange fetches it; a nil answer means the request is over (failed,
// unchanged, or to retry: see the laneResult).
func (r *crawlRun) exchange(it *crawlItem) (*answer, laneResult) {
	res := laneResult{lane: it.lane}
	cctx := colly.NewContext()
	hdr := r.conditionalHeader(it)
	chain := r.hops.begin(hdr)
	err := r.col.Request(http.MethodGet, it.url, nil, cctx, hdr)
	r.hops.end(hdr)
	resp, _ := cctx.GetAny(ctxResponse).(*colly.Response)
	now := time.Now().UTC()
	if err != nil || resp == nil {
		return nil, r.transportFailed(it, res, cctx, err)
	}

	status := resp.StatusCode
	// The Content-Type as sent (OnResponseHeaders cut Colly's copy to its
	// media type).
	header := resp.Headers.Clone()
	if ct := cctx.Get(ctxContentType); ct != "" {
		header.Set("Content-Type", ct)
	}
	ref, err := r.archiveExchange(resp, header, now, chain.refs)
	if err != nil {
		r.sinkError(it, err)
		return nil, res
	}
	switch {
	case status == http.StatusNotModified:
		r.count(func(s *Stats) { s.Unchanged++ })
		r.count(func(s *Stats) { s.Answered++ })
		if us, ok := r.c.sink.(UnchangedSink); ok {
			if err := us.Unchanged(r.bg, it.key, now); err != nil {
				r.sinkError(it, err)
				return nil, res
			}
		}
		r.markDone(it)
		return nil, res
	case status == http.StatusTooManyRequests || (status >= 500 && status != http.StatusNotImplemented):
		ra := retryAfter(header.Get("Retry-After"), time.Now())
		if it.tries < crawlRetries && ra <= maxRetryAfter {
			return nil, r.retry(it, res, ra, "http status "+strconv.Itoa(status))
		}
		r.failed(it, &page.Error{Kind: page.KindHTTPStatus, URL: it.key, Status: status, RetryAfter: ra, Attempts: it.tries + 1})
		return nil, res
	case status >= 300:
		r.failed(it, &page.Error{Kind: page.KindHTTPStatus, URL: it.key, Status: status, Attempts: it.tries + 1})
		return nil, res
	}
	if it.kind == kindPage {
		r.count(func(s *Stats) { s.Answered++ })
	}
	return &answer{final: resp.Request.URL.String(), status: status, header: header, body: resp.Body, at: now, warc: ref}, res
}

// archiveExchange writes the request and its response (with header, the
// response header as received) to the crawl's archive, if it keeps one; hops are the archived redirect answers that
// led to it (see redirects.go).
func (r *crawlRun) archiveExchange(resp *colly.Response, header http.Header, at time.Time, hops []archive.Ref) (archive.Ref, error) {
	if r.c.archive == nil {
		return archive.Ref{}, nil
	}
	req := &http.Request{Method: resp.Request.Method, URL: resp.Request.URL, Host: resp.Request.URL.Host}
	if resp.Request.Headers != nil {
		req.Header = resp.Request.Headers.Clone()
	}
	body, truncated := resp.Body, len(resp.Body) > r.maxBody
	if truncated {
		body = body[:r.maxBody]
	}
	ref, err := r.c.archive.Write(&archive.Exchange{Request: req, Status: resp.StatusCode, Header: header,
		Body: body, Truncated: truncated, Date: at, Redirects: hops})
	if err != nil {
		return archive.Ref{}, fmt.Errorf("archive: %w", err)
	}
	return ref, nil
}

// processCost estimates the bytes that processing a body of n bytes holds
// at its peak: the body, its decoded text, the parse tree, the document
// and what the sink makes of it (for kohyo's sink, extraction of up to
// 1 Mi characters: about 200 MB for a 5 MB Japanese page), up to
// maxProcessCost, since the text extracted is cut at a fixed length.
func processCost(n int) int64 { return min(64<<10+int64(n)*processCostFactor, maxProcessCost) }

const (
	processCostFactor = 64        // bytes held per body byte
	maxProcessCost    = 256 << 20 // the most one page holds
)

// conditionalHeader asks for a page only if it changed since the sink's
// copy; listings, feeds and sitemaps are always fetched whole.
func (r *crawlRun) conditionalHeader(it *crawlItem) http.Header {
	hdr := http.Header{}
	if it.kind != kindPage || it.listing {
		return hdr
	}
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
	return hdr
}

// transportFailed handles a request that got no answer: a type refused
// after the headers, an address refused by the guard, or a network error
// (retried twice).
func (r *crawlRun) transportFailed(it *crawlItem, res laneResult, cctx *colly.Context, err error) laneResult {
	if err == nil {
		err = errors.New("no response")
	}
	if r.interrupted(it) {
		return res
	}
	var fe *page.Error
	switch {
	case errors.Is(err, errArchive):
		r.sinkError(it, err)
		return res
	case errors.Is(err, colly.ErrAbortedAfterHeaders):
		fe = &page.Error{Kind: page.KindUnsupportedType, URL: it.key, Err: fmt.Errorf("%s", cctx.Get(ctxContentType))}
	case errors.Is(err, ErrBlockedAddress):
		r.count(func(s *Stats) { s.Refused++ })
		fe = &page.Error{Kind: KindBlocked, URL: it.key, Err: err}
	default:
		kind := page.KindOf(err)
		if (kind == page.KindNetwork || kind == page.KindConnect) && it.tries < crawlRetries {
			return r.retry(it, res, 0, err.Error())
		}
		fe = &page.Error{Kind: kind, URL: it.key, Attempts: it.tries + 1, Err: err}
	}
	r.failed(it, fe)
	return res
}

// process reads a 2xx answer: a feed or sitemap, or a page.
func (r *crawlRun) process(it *crawlItem, a *answer) {
	mt := strings.ToLower(strings.TrimSpace(strings.Split(a.header.Get("Content-Type"), ";")[0]))
	if it.kind != kindPage || isXMLType(mt) {
		r.processFeed(it, a)
		return
	}
	r.processPage(it, a)
}

// processFeed queues the entries of a feed, sitemap or sitemap index.
func (r *crawlRun) processFeed(it *crawlItem, a *answer) {
	body := a.body[:min(len(a.body), r.maxBody)]
	var pages, maps []string
	mt := strings.ToLower(strings.TrimSpace(strings.Split(a.header.Get("Content-Type"), ";")[0]))
	if !isJSONType(mt) {
		pages, maps = scanXMLLinks(body)
	}
	if len(pages)+len(maps) == 0 { // a JSON or plain XML data file of a script-filled listing
		if base, err := url.Parse(a.final); err == nil {
			pages = dataLinks(body, base)
		}
	}
	links := make([]foundLink, 0, len(pages)+len(maps))
	dates := xmlEntryDates(body)
	for _, p := range pages {
		l := foundLink{url: p, listed: dates[p].at}
		if dates[p].feed {
			l.feedDate = dates[p].at
		}
		links = append(links, l)
	}
	for _, m := range maps {
		links = append(links, foundLink{url: m, sitemap: true})
	}
	r.log.Debug("feed read", "url", it.url, "entries", len(pages), "sitemaps", len(maps))
	r.follow(it, links)
	r.markDone(it)
}

// processPage parses a page once, follows its links, and stores it.
func (r *crawlRun) processPage(it *crawlItem, a *answer) {
	// After a redirect the page is the one redirected to: one document
	// per page, however it was reached.
	docKey, also := it.key, uint64(0)
	if fk, err := Canonical(a.final); err == nil && fk != it.key {
		docKey, also = fk, visitedID(r.gen, fk)
		if done, err := r.c.frontier.IsVisited(also); err == nil && done {
			r.log.Debug("redirect to a page already stored", "url", it.key, "to", fk)
			r.markDone(it)
			return
		}
	}

	body, truncated := a.body, len(a.body) > r.maxBody
	if truncated {
		body = body[:r.maxBody]
	}
	opts := []page.ParseOption{page.DatesWith(r.fetcher.DateParser()), page.FetchedAt(a.at)}
	if !it.listed.IsZero() {
		opts = append(opts, page.Listed(it.listed))
	}
	if !it.feedDate.IsZero() {
		opts = append(opts, page.FeedDate(it.feedDate))
	}
	if truncated {
		opts = append(opts, page.Truncated())
	}
	doc, perr := page.Parse(docKey, a.final, a.status, a.header, body, opts...)
	doc.WARCFile, doc.WARCOffset = a.warc.File, a.warc.Offset
	links := pageLinks(doc)

	// A page that names another form of its own URL as canonical
	// (detail.php?id=12&from=list → detail.php?id=12) is stored under
	// that form, once, however it was reached.
	if ck := canonicalOf(links, a.final); ck != "" && ck != docKey {
		r.log.Debug("page names its canonical URL", "url", it.key, "canonical", ck)
		docKey, also = ck, visitedID(r.gen, ck)
		doc.URL = ck
	}

	if it.listing && doc != nil && doc.LoadsByScript && !it.out {
		links = append(links, r.scriptListing(it, doc, docKey)...)
	}

	// Links first (a listing page may have no main text and still lead on),
	// then the sink.
	if !it.out {
		if also != 0 {
			links = dropKey(links, docKey) // the canonical form is this page
		}
		r.follow(it, links)
	}
	if perr != nil {
		if page.KindOf(perr) == page.KindNotJapanese && doc != nil && doc.Text != "" {
			// A page in another language is a document of that language.
			r.store(it, doc, docKey, also)
			return
		}
		if page.KindOf(perr) == page.KindEmpty && (len(links) > 0 || doc != nil && doc.LoadsByScript) {
			// A page of links without text of its own (a listing): it led
			// on, it is not a document.
			r.count(func(s *Stats) { s.Navigational++ })
			r.log.Debug("navigation page", "url", it.key, "links", len(links))
			r.markDone(it)
			return
		}
		r.failed(it, perr)
		return
	}
	r.store(it, doc, docKey, also)
}

// store hands doc to the sink under docKey. Every stored page claims its
// document key first, whichever URL form reached it: another request of
// this run may reach the same page by a redirect or a canonical link while
// this one is being stored, and only the first to claim it stores it; a
// claim whose page the sink did not take is released. also is the visited
// ID of docKey when it differs from the request's own key, else 0.
func (r *crawlRun) store(it *crawlItem, doc *page.Document, docKey string, also uint64) {
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
	if r.interrupted(it) {
		r.release(docID)
		return
	}
	if err := r.c.sink.Page(r.bg, doc); err != nil {
		r.release(docID)
		r.sinkError(it, err)
		return
	}
	r.count(func(s *Stats) {
		s.Fetched++
		if doc.Language != "" && doc.Language != "ja" {
			s.OtherLanguage++
		}
	})
	r.log.Debug("page", "url", docKey, "status", doc.Status, "charset", doc.Charset, "title", doc.Title)
	if also != 0 {
		if err := r.c.frontier.Visited(also); err != nil {
			r.log.Warn("frontier: cannot mark done", "url", docKey, "err", err)
		}
	}
	r.markDone(it)
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
