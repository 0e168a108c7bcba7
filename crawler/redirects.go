package crawler

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"sync"
	"time"

	"github.com/kohyo-dev/kohyo/archive"
)

// Redirect hops in the archive. The HTTP client follows a redirect
// chain inside one request (Colly hands the crawler the final answer
// only), so each hop's answer (the 301, 302, ... with its Location) is
// archived from the client's CheckRedirect, where it is still open, before
// the next hop is asked. The final response record names the hops
// (archive.RedirectHopField), first hop first.
//
// A hop belongs to a request of the crawl by the request's header map:
// the map exchange builds for a request is the one Colly sends, and the
// client keeps the first request of a chain as via[0]. Requests the
// crawler makes outside exchange (robots.txt) are not archived, and
// neither are their hops.

// errArchive marks a failed archive write: a storage error, not a page's.
var errArchive = errors.New("archive")

// maxHopBody is the most of a redirect's own body archived: such bodies
// are a line of "Moved" text; a longer one is cut (WARC-Truncated).
const maxHopBody = 64 << 10

// hopArchive archives the redirect answers of the crawl's requests.
type hopArchive struct {
	a      Archiver // nil: no archive
	chains sync.Map // headerID of a request's header → *hopChain
}

// hopChain is the archived hops of one request, in order. Only the
// goroutine of the request's client call touches it.
type hopChain struct{ refs []archive.Ref }

func headerID(h http.Header) uintptr { return reflect.ValueOf(h).Pointer() }

// begin registers the request whose header is hdr; end forgets it.
func (h *hopArchive) begin(hdr http.Header) *hopChain {
	c := &hopChain{}
	if h.a != nil {
		h.chains.Store(headerID(hdr), c)
	}
	return c
}

func (h *hopArchive) end(hdr http.Header) {
	if h.a != nil {
		h.chains.Delete(headerID(hdr))
	}
}

// record archives the redirect answer that made req (req.Response) if
// the chain's first request is a registered one. It runs in CheckRedirect,
// before the redirect is checked: the answer was received whether or not
// it is followed.
func (h *hopArchive) record(req *http.Request, via []*http.Request) error {
	if h.a == nil || req.Response == nil || len(via) == 0 {
		return nil
	}
	v, ok := h.chains.Load(headerID(via[0].Header))
	if !ok {
		return nil
	}
	chain := v.(*hopChain)
	resp := req.Response
	sent := resp.Request
	if sent == nil {
		sent = via[len(via)-1]
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxHopBody+1))
	truncated := len(body) > maxHopBody
	if truncated {
		body = body[:maxHopBody]
	}
	if err != nil {
		truncated = true // what arrived before the connection failed
	}
	ref, err := h.a.Write(&archive.Exchange{
		Request:   &http.Request{Method: sent.Method, URL: sent.URL, Host: sent.Host, Header: sent.Header.Clone()},
		Status:    resp.StatusCode,
		Proto:     resp.Proto,
		Header:    resp.Header.Clone(),
		Body:      body,
		Truncated: truncated,
		Date:      time.Now().UTC(),
	})
	if err != nil {
		return fmt.Errorf("%w: redirect %s: %w", errArchive, sent.URL, err)
	}
	chain.refs = append(chain.refs, ref)
	return nil
}
