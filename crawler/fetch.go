package crawler

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kohyo-dev/kohyo/crawler/page"

	"github.com/andybalholm/brotli"
)

// Defaults of a Fetcher. The crawler uses the same values.
const (
	DefaultUserAgent      = "kohyo/0.1 (+https://github.com/kohyo-dev/kohyo; research crawler for published incident notices)"
	DefaultTimeout        = 30 * time.Second // whole exchange, body included
	DefaultConnectTimeout = 10 * time.Second // TCP connect and TLS handshake, each
	DefaultMaxBodySize    = 20 << 20         // bytes; larger bodies are cut off
	DefaultMaxRedirects   = 10
	DefaultRetries        = 2               // retries after the first attempt
	DefaultRetryBase      = 1 * time.Second // first backoff; doubles per retry
	DefaultMaxRetryWait   = 60 * time.Second
)

// Fetcher gets one URL (or a local file) and turns it into a Document. It
// holds one *http.Client, safe for concurrent use; the Colly crawler reuses
// it through Client.
type Fetcher struct {
	client         *http.Client
	userAgent      string
	timeout        time.Duration
	connectTimeout time.Duration
	maxBody        int64
	maxRedirects   int
	retries        int
	retryBase      time.Duration
	maxRetryWait   time.Duration
	base           http.RoundTripper
	dates          page.DateParser
	log            *slog.Logger
}

// FetcherOption configures a Fetcher.
type FetcherOption func(*Fetcher) error

// WithUserAgent sets the User-Agent header; it should name a contact URL.
func WithUserAgent(ua string) FetcherOption {
	return func(f *Fetcher) error {
		if strings.TrimSpace(ua) == "" {
			return errors.New("empty user agent")
		}
		f.userAgent = ua
		return nil
	}
}

// WithTimeout bounds one whole request: connect, headers and body. A server
// that stops sending cannot hold a page longer than this.
func WithTimeout(d time.Duration) FetcherOption {
	return func(f *Fetcher) error {
		if d <= 0 {
			return fmt.Errorf("timeout %v: must be positive", d)
		}
		f.timeout = d
		return nil
	}
}

// WithConnectTimeout bounds the TCP connect and the TLS handshake.
func WithConnectTimeout(d time.Duration) FetcherOption {
	return func(f *Fetcher) error {
		if d <= 0 {
			return fmt.Errorf("connect timeout %v: must be positive", d)
		}
		f.connectTimeout = d
		return nil
	}
}

// WithMaxBodySize sets the largest body read, in bytes. HTML and text beyond
// it are cut off and the Document is flagged Truncated; a PDF beyond it fails
// with ErrTooLarge (a cut PDF cannot be read).
func WithMaxBodySize(n int64) FetcherOption {
	return func(f *Fetcher) error {
		if n <= 0 {
			return fmt.Errorf("max body size %d: must be positive", n)
		}
		f.maxBody = n
		return nil
	}
}

// WithMaxRedirects sets how many redirects are followed (0: none).
func WithMaxRedirects(n int) FetcherOption {
	return func(f *Fetcher) error {
		if n < 0 {
			return fmt.Errorf("max redirects %d: must not be negative", n)
		}
		f.maxRedirects = n
		return nil
	}
}

// WithRetries sets how often a request is retried after a 429, a 5xx or a
// dropped connection, and the first backoff, which doubles per retry. A
// Retry-After longer than the backoff is honoured.
func WithRetries(n int, base time.Duration) FetcherOption {
	return func(f *Fetcher) error {
		if n < 0 || base < 0 {
			return fmt.Errorf("retries %d, backoff %v: must not be negative", n, base)
		}
		f.retries, f.retryBase = n, base
		return nil
	}
}

// WithMaxRetryWait caps one wait between retries. A server asking (with
// Retry-After) for a longer wait gets no retry: the fetch fails with the
// status and the RetryAfter it asked for.
func WithMaxRetryWait(d time.Duration) FetcherOption {
	return func(f *Fetcher) error {
		if d < 0 {
			return fmt.Errorf("max retry wait %v: must not be negative", d)
		}
		f.maxRetryWait = d
		return nil
	}
}

// WithTransport replaces the base transport (dialing, TLS, proxies). The
// Fetcher still adds its User-Agent, compression and limits on top.
func WithTransport(rt http.RoundTripper) FetcherOption {
	return func(f *Fetcher) error {
		if rt == nil {
			return errors.New("nil transport")
		}
		f.base = rt
		return nil
	}
}

// WithDateParser sets the parser for dates written in the page (next to the
// title, in <time> text); cmd/kohyo passes extract.FirstDate.
func WithDateParser(p page.DateParser) FetcherOption {
	return func(f *Fetcher) error {
		f.dates = p
		return nil
	}
}

// WithLogger sets the logger for retries and redirects (default: discard).
func WithLogger(l *slog.Logger) FetcherOption {
	return func(f *Fetcher) error {
		if l == nil {
			return errors.New("nil logger")
		}
		f.log = l
		return nil
	}
}

// NewFetcher returns a Fetcher with the defaults above, changed by opts.
func NewFetcher(opts ...FetcherOption) (*Fetcher, error) {
	f := &Fetcher{
		userAgent:      DefaultUserAgent,
		timeout:        DefaultTimeout,
		connectTimeout: DefaultConnectTimeout,
		maxBody:        DefaultMaxBodySize,
		maxRedirects:   DefaultMaxRedirects,
		retries:        DefaultRetries,
		retryBase:      DefaultRetryBase,
		maxRetryWait:   DefaultMaxRetryWait,
		log:            slog.New(slog.DiscardHandler),
	}
	for _, o := range opts {
		if err := o(f); err != nil {
			return nil, fmt.Errorf("fetcher option: %w", err)
		}
	}
	if f.base == nil {
		f.base = &http.Transport{
			DialContext:           (&net.Dialer{Timeout: f.connectTimeout, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   f.connectTimeout,
			ResponseHeaderTimeout: f.timeout,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          100,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       90 * time.Second,
			DisableCompression:    true, // done by compressTransport, brotli included
		}
	}
	f.client = &http.Client{
		Transport:     &compressTransport{base: f.base, userAgent: f.userAgent},
		Timeout:       f.timeout,
		CheckRedirect: f.checkRedirect,
	}
	return f, nil
}

// Client returns the shared HTTP client: User-Agent, timeouts, redirect
// policy and gzip/deflate/brotli decoding are built in (the body arrives
// decoded, Content-Encoding removed). It does not retry nor cap the body;
// Get does both.
func (f *Fetcher) Client() *http.Client { return f.client }

// UserAgent returns the User-Agent the Fetcher sends.
func (f *Fetcher) UserAgent() string { return f.userAgent }

// MaxBodySize returns the body cap in bytes.
func (f *Fetcher) MaxBodySize() int64 { return f.maxBody }

// DateParser returns the page-date parser set with WithDateParser, or nil.
func (f *Fetcher) DateParser() page.DateParser { return f.dates }

func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	next := req.URL.String()
	for _, v := range via {
		if v.URL.String() == next {
			return page.ErrRedirectLoop
		}
	}
	if len(via) > f.maxRedirects {
		return page.ErrTooManyRedirects
	}
	f.log.Debug("redirect", "from", via[len(via)-1].URL.String(), "to", next)
	return nil
}

// Response is one HTTP answer read by Get, body decoded from its transfer
// compression and capped.
type Response struct {
	URL       string // as asked
	FinalURL  string // after redirects
	Status    int
	Header    http.Header
	Body      []byte
	Truncated bool // Body was cut at the size cap
	Attempts  int
}

// Get requests rawURL with the extra header (for conditional requests:
// If-None-Match, If-Modified-Since), retrying 429, 5xx and dropped
// connections with exponential backoff. A status of 400 or more is an
// *Error of KindHTTPStatus; 304 and other statuses below 400 are returned.
func (f *Fetcher) Get(ctx context.Context, rawURL string, header http.Header) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		if err == nil {
			err = fmt.Errorf("want an http or https url")
		}
		return nil, &page.Error{Kind: page.KindBadURL, URL: rawURL, Err: err}
	}
	for attempt := 0; ; attempt++ {
		resp, err := f.once(ctx, rawURL, header)
		if err != nil {
			kind := page.KindOf(err)
			if ctx.Err() != nil {
				kind = page.KindCanceled
				if errors.Is(ctx.Err(), context.DeadlineExceeded) {
					kind = page.KindTimeout
				}
			}
			if (kind == page.KindNetwork || kind == page.KindConnect) && attempt < f.retries {
				if werr := f.wait(ctx, rawURL, attempt, 0, err.Error()); werr != nil {
					return nil, &page.Error{Kind: page.KindCanceled, URL: rawURL, Attempts: attempt + 1, Err: werr}
				}
				continue
			}
			var fe *page.Error
			if errors.As(err, &fe) {
				fe.Attempts = attempt + 1
				return nil, fe
			}
			return nil, &page.Error{Kind: kind, URL: rawURL, Attempts: attempt + 1, Err: err}
		}
		resp.Attempts = attempt + 1
		if resp.Status < 400 {
			return resp, nil
		}
		ra := retryAfter(resp.Header.Get("Retry-After"), time.Now())
		e := &page.Error{Kind: page.KindHTTPStatus, URL: rawURL, Status: resp.Status, RetryAfter: ra, Attempts: attempt + 1}
		retryable := resp.Status == http.StatusTooManyRequests || (resp.Status >= 500 && resp.Status != http.StatusNotImplemented)
		if !retryable || attempt >= f.retries || ra > f.maxRetryWait {
			return nil, e
		}
		if werr := f.wait(ctx, rawURL, attempt, ra, e.Error()); werr != nil {
			return nil, &page.Error{Kind: page.KindCanceled, URL: rawURL, Status: resp.Status, Attempts: attempt + 1, Err: werr}
		}
	}
}

// wait sleeps before retry number attempt+1: the exponential backoff with
// some jitter, or the server's Retry-After if longer; it returns early with
// ctx's error.
func (f *Fetcher) wait(ctx context.Context, rawURL string, attempt int, ra time.Duration, why string) error {
	d := f.retryBase << attempt
	if f.retryBase > 0 {
		d += time.Duration(rand.Int64N(int64(d)/4 + 1))
	}
	if d > f.maxRetryWait {
		d = f.maxRetryWait
	}
	if ra > d {
		d = ra
	}
	f.log.Info("retry", "url", rawURL, "attempt", attempt+2, "wait", d, "reason", why)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryAfter reads a Retry-After value: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// once makes one request and reads the body up to the cap.
func (f *Fetcher) once(ctx context.Context, rawURL string, header http.Header) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, &page.Error{Kind: page.KindBadURL, URL: rawURL, Err: err}
	}
	for k, vs := range header {
		req.Header[k] = append([]string(nil), vs...)
	}
	res, err := f.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	r := &Response{URL: rawURL, FinalURL: res.Request.URL.String(), Status: res.StatusCode, Header: res.Header}
	if res.StatusCode >= 400 || res.StatusCode == http.StatusNotModified {
		_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10)) // lets the connection be reused
		return r, nil
	}
	if res.ContentLength > f.maxBody && isPDFType(res.Header.Get("Content-Type")) {
		return nil, &page.Error{Kind: page.KindTooLarge, URL: rawURL, Status: res.StatusCode,
			Err: fmt.Errorf("pdf of %d bytes, limit %d", res.ContentLength, f.maxBody)}
	}
	r.Body, r.Truncated, err = readCapped(res.Body, f.maxBody)
	if err != nil {
		return nil, err
	}
	return r, nil
}

// readCapped reads at most max bytes and reports whether more were there.
func readCapped(r io.Reader, max int64) ([]byte, bool, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, false, err
	}
	if int64(len(b)) > max {
		return b[:max], true, nil
	}
	return b, false, nil
}

func isPDFType(ct string) bool {
	mt, _, _ := mime.ParseMediaType(ct)
	return mt == "application/pdf"
}

// Fetch gets rawURL (http, https, file:// or a local path to an .html,
// .htm, .pdf or .txt file) and parses it into a Document. On a parse error
// (not Japanese, no text) the Document is returned too, with the error.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (*page.Document, error) {
	if p, ok := localPath(rawURL); ok {
		return f.fetchFile(ctx, rawURL, p)
	}
	resp, err := f.Get(ctx, rawURL, nil)
	if err != nil {
		return nil, err
	}
	opts := []page.ParseOption{page.DatesWith(f.dates), page.FetchedAt(time.Now().UTC())}
	if resp.Truncated {
		opts = append(opts, page.Truncated())
	}
	return page.Parse(rawURL, resp.FinalURL, resp.Status, resp.Header, resp.Body, opts...)
}

// localPath reports whether rawURL names a local file (file:// or a path
// without a URL scheme) and returns its path.
func localPath(rawURL string) (string, bool) {
	if strings.HasPrefix(strings.ToLower(rawURL), "file://") {
		u, err := url.Parse(rawURL)
		if err != nil {
			return "", false
		}
		return u.Path, true
	}
	if u, err := url.Parse(rawURL); err == nil && len(u.Scheme) > 1 {
		return "", false // http:, https:, mailto:, ... (a one-letter scheme is a drive)
	}
	return rawURL, true
}

var localTypes = map[string]string{
	".html": "text/html",
	".htm":  "text/html",
	".pdf":  "application/pdf",
	".txt":  "text/plain",
}

func (f *Fetcher) fetchFile(ctx context.Context, rawURL, path string) (*page.Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, &page.Error{Kind: page.KindCanceled, URL: rawURL, Err: err}
	}
	ct, ok := localTypes[strings.ToLower(filepath.Ext(path))]
	if !ok {
		return nil, &page.Error{Kind: page.KindUnsupportedType, URL: rawURL, Err: fmt.Errorf("want a .html, .htm, .pdf or .txt file")}
	}
	fh, err := os.Open(path)
	if err != nil {
		return nil, &page.Error{Kind: page.KindFile, URL: rawURL, Err: err}
	}
	defer fh.Close()
	body, truncated, err := readCapped(bufio.NewReader(fh), f.maxBody)
	if err != nil {
		return nil, &page.Error{Kind: page.KindFile, URL: rawURL, Err: err}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	final := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	opts := []page.ParseOption{page.DatesWith(f.dates), page.FetchedAt(time.Now().UTC())}
	if truncated {
		opts = append(opts, page.Truncated())
	}
	return page.Parse(rawURL, final, 0, http.Header{"Content-Type": {ct}}, body, opts...)
}

// compressTransport sets the User-Agent and Accept-Encoding and undoes
// compression itself, whatever the headers or the file name say: gzip,
// deflate and brotli content encodings, and a body that is gzip data (a
// sitemap.xml.gz, an application/x-gzip answer, a server that compresses
// twice). The response is marked Uncompressed so that Colly does not
// inflate it again; every cap on the body therefore applies to the bytes
// after decompression, and a small compressed body cannot inflate to
// more than the cap.
type compressTransport struct {
	base      http.RoundTripper
	userAgent string
}

func (t *compressTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	setUA := req.Header.Get("User-Agent") == ""
	setAE := req.Header.Get("Accept-Encoding") == ""
	if setUA || setAE {
		req = req.Clone(req.Context())
		if setUA {
			req.Header.Set("User-Agent", t.userAgent)
		}
		if setAE {
			req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		}
	}
	res, err := t.base.RoundTrip(req)
	if err != nil || req.Method == http.MethodHead || res.StatusCode == http.StatusNoContent || res.StatusCode == http.StatusNotModified {
		return res, err
	}
	body := res.Body
	encoding := strings.ToLower(strings.TrimSpace(res.Header.Get("Content-Encoding")))
	switch encoding {
	case "gzip", "x-gzip":
		body = &lazyReader{src: body, open: func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }}
	case "deflate":
		body = &lazyReader{src: body, open: openDeflate}
	case "br":
		body = &lazyReader{src: body, open: func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }}
	}
	res.Body = &lazyReader{src: body, open: openGzipData}
	if ct := strings.ToLower(res.Header.Get("Content-Type")); strings.Contains(ct, "gzip") {
		res.Header.Del("Content-Type") // the type of the data inside is read from its bytes
	}
	if encoding != "" {
		res.Header.Del("Content-Encoding")
		res.Header.Del("Content-Length")
		res.ContentLength = -1
	}
	res.Uncompressed = true
	return res, nil
}

// openGzipData inflates r when its bytes are gzip data (at most two layers
// deep), and reads it as it is otherwise.
func openGzipData(r io.Reader) (io.Reader, error) {
	for range 2 {
		br := bufio.NewReader(r)
		if h, err := br.Peek(2); err != nil || h[0] != 0x1f || h[1] != 0x8b {
			return br, nil
		}
		z, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		r = z
	}
	return r, nil
}

// openDeflate reads "deflate" as servers send it: zlib-wrapped, or raw.
func openDeflate(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	h, err := br.Peek(2)
	if err == nil && h[0]&0x0f == 8 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
		return zlib.NewReader(br)
	}
	return flate.NewReader(br), nil
}

// lazyReader opens its decompressor on the first Read, so that building a
// response never blocks on the body.
type lazyReader struct {
	src  io.ReadCloser
	open func(io.Reader) (io.Reader, error)
	r    io.Reader
	err  error
}

func (l *lazyReader) Read(p []byte) (int, error) {
	if l.r == nil && l.err == nil {
		l.r, l.err = l.open(l.src)
		if l.err != nil {
			l.err = fmt.Errorf("decompress: %w", l.err)
		}
	}
	if l.err != nil {
		return 0, l.err
	}
	return l.r.Read(p)
}

func (l *lazyReader) Close() error { return l.src.Close() }
