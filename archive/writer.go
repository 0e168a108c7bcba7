package archive

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// DefaultMaxFileSize is the size (compressed) at which a WARC file is
// closed and the next one started: the 1 GB that the WARC standard's
// annex recommends.
const DefaultMaxFileSize = 1 << 30

// Exchange is one HTTP request and its response, as the crawler saw them.
type Exchange struct {
	// Request is the request as sent: method, URL and header (Host is
	// taken from the URL when the header has none).
	Request *http.Request
	// Status, Proto and Header are the response's status code, protocol
	// ("HTTP/1.1" when empty) and header as received.
	Status int
	Proto  string
	Header http.Header
	// Body is the payload after its Content-Encoding was undone (the
	// record's HTTP header then says so: Content-Encoding is kept as
	// X-Archive-Orig-Content-Encoding and Content-Length is the body's).
	Body []byte
	// Truncated says the body was cut at the crawler's size cap.
	Truncated bool
	// Date is when the response arrived; IP the server's address, if known.
	Date time.Time
	IP   string
	// RefersToDate, for a 304, is when the archived body it confirms was
	// fetched (WARC-Refers-To-Date of the revisit record); may be zero.
	RefersToDate time.Time
	// Redirects, for a response reached through redirects, are the
	// response records of the hops before it (the 301, 302, ... answers,
	// archived as exchanges of their own), first hop first. Each is named
	// in a RedirectHopField of the response record.
	Redirects []Ref
}

// RedirectHopField is the WARC header field of a response record that
// names one redirect response before it, as "FILE@OFFSET" (the hop's
// response record), in the order the hops were followed. It is kohyo's
// own field: standard readers ignore it and see each hop as a response
// record of its own, with its Location header.
const RedirectHopField = "Kohyo-Redirect-Hop"

// String returns ref as FILE@OFFSET, the form of RedirectHopField.
func (r Ref) String() string { return r.File + "@" + strconv.FormatInt(r.Offset, 10) }

// ParseRef parses FILE@OFFSET.
func ParseRef(s string) (Ref, error) {
	i := strings.LastIndexByte(s, '@')
	if i <= 0 {
		return Ref{}, fmt.Errorf("archive: bad record reference %q: want FILE@OFFSET", s)
	}
	off, err := strconv.ParseInt(s[i+1:], 10, 64)
	if err != nil || off < 0 {
		return Ref{}, fmt.Errorf("archive: bad record reference %q: want FILE@OFFSET", s)
	}
	return Ref{File: s[:i], Offset: off}, nil
}

// Ref locates a record: a file name relative to the archive directory
// and the byte offset of the record's gzip member in it.
type Ref struct {
	File   string
	Offset int64
}

// Writer writes exchanges to rotating WARC files in one directory. It is
// safe for concurrent use.
type Writer struct {
	dir    string
	w      *gowarc.WarcFileWriter
	closed atomic.Bool
}

// Option configures NewWriter.
type Option func(*writerOptions) error

type writerOptions struct {
	maxFileSize int64
	software    string
	level       int
}

// WithCompressionLevel sets the gzip level of the records (1 fastest to
// 9 smallest; default DefaultCompressionLevel).
func WithCompressionLevel(level int) Option {
	return func(o *writerOptions) error {
		if level < 1 || level > 9 {
			return fmt.Errorf("compression level %d: must be 1 to 9", level)
		}
		o.level = level
		return nil
	}
}

// DefaultCompressionLevel is the gzip level of the records: gzip's usual
// one. Level 1 was not measurably faster per page (BenchmarkWrite: the
// digests and building the record cost about as much as compressing) and
// makes files a few percent larger.
const DefaultCompressionLevel = 6

// WithMaxFileSize sets the compressed size at which a file is rotated.
func WithMaxFileSize(n int64) Option {
	return func(o *writerOptions) error {
		if n <= 0 {
			return fmt.Errorf("max file size %d: must be positive", n)
		}
		o.maxFileSize = n
		return nil
	}
}

// WithSoftware sets the software field of each file's warcinfo record.
func WithSoftware(s string) Option {
	return func(o *writerOptions) error {
		o.software = s
		return nil
	}
}

// recordOptions are the record options of writing: digests added
// (sha1, base32, as most WARC tools write them).
var recordOptions = []gowarc.WarcRecordOption{
	gowarc.WithAddMissingDigest(true),
	gowarc.WithDefaultDigestAlgorithm("sha1"),
	gowarc.WithSpecViolationPolicy(gowarc.ErrFail),
	gowarc.WithSyntaxErrorPolicy(gowarc.ErrFail),
}

// NewWriter creates dir if needed and returns a Writer that adds files to it.
func NewWriter(dir string, opts ...Option) (*Writer, error) {
	o := writerOptions{maxFileSize: DefaultMaxFileSize, software: "kohyo", level: DefaultCompressionLevel}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, fmt.Errorf("archive: %w", err)
		}
	}
	if dir == "" {
		return nil, errors.New("archive: empty directory name")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("archive: %w", err)
	}
	names := &nameGenerator{dir: dir, pid: os.Getpid()}
	gowarcMu.Lock()
	defer gowarcMu.Unlock()
	w := gowarc.NewWarcFileWriter(
		gowarc.WithFileNameGenerator(names),
		gowarc.WithMaxFileSize(o.maxFileSize),
		gowarc.WithCompression(true),
		gowarc.WithCompressionLevel(o.level),
		gowarc.WithAddWarcConcurrentToHeader(true),
		gowarc.WithRecordOptions(recordOptions...),
		gowarc.WithWarcInfoFunc(func(b gowarc.WarcRecordBuilder) error {
			_, err := fmt.Fprintf(b, "software: %s\r\nformat: WARC File Format 1.1\r\n"+
				"conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n", o.software)
			return err
		}),
	)
	return &Writer{dir: dir, w: w}, nil
}

// Dir returns the archive directory.
func (w *Writer) Dir() string { return w.dir }

// gowarcMu serialises every call into gowarc that builds its options:
// each one writes a global of github.com/google/uuid (EnableRandPool)
// without synchronisation, which is a data race when records are built,
// files rotated or readers opened on several goroutines at once.
var gowarcMu sync.Mutex

// Write appends ex as a request record and a response record (a revisit
// record for a 304) and returns where the response record starts. Writes
// from several goroutines are serialised.
func (w *Writer) Write(ex *Exchange) (Ref, error) {
	gowarcMu.Lock()
	defer gowarcMu.Unlock()
	if w.closed.Load() {
		return Ref{}, errors.New("archive: write after close")
	}
	if ex == nil || ex.Request == nil || ex.Request.URL == nil {
		return Ref{}, errors.New("archive: exchange without request")
	}
	target := ex.Request.URL.String()
	date := ex.Date
	if date.IsZero() {
		date = time.Now()
	}
	req, err := requestRecord(ex, target, date)
	if err != nil {
		return Ref{}, fmt.Errorf("archive: request record for %s: %w", target, err)
	}
	resp, err := responseRecord(ex, target, date)
	if err != nil {
		req.Close()
		return Ref{}, fmt.Errorf("archive: response record for %s: %w", target, err)
	}
	res := w.w.Write(resp, req)
	if len(res) != 2 {
		return Ref{}, errors.New("archive: write after close")
	}
	for _, r := range res {
		if r.Err != nil {
			return Ref{}, fmt.Errorf("archive: write %s: %w", target, r.Err)
		}
	}
	return Ref{File: res[0].FileName, Offset: res[0].FileOffset}, nil
}

// Close finishes the current file (renaming it from its .open name).
func (w *Writer) Close() error {
	if w.closed.Swap(true) {
		return nil
	}
	gowarcMu.Lock()
	defer gowarcMu.Unlock()
	return w.w.Close()
}

func requestRecord(ex *Exchange, target string, date time.Time) (gowarc.WarcRecord, error) {
	r := ex.Request
	var b bytes.Buffer
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\n", method, r.URL.RequestURI())
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("Host") == "" {
		host := r.Host
		if host == "" {
			host = r.URL.Host
		}
		h.Set("Host", host)
	}
	writeHeader(&b, h)
	rb := gowarc.NewRecordBuilder(gowarc.Request, recordOptions...)
	rb.AddWarcHeader(gowarc.WarcTargetURI, target)
	rb.AddWarcHeaderTime(gowarc.WarcDate, date)
	rb.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationHttp+";msgtype=request")
	if ex.IP != "" {
		rb.AddWarcHeader(gowarc.WarcIPAddress, ex.IP)
	}
	if _, err := rb.Write(b.Bytes()); err != nil {
		rb.Close()
		return nil, err
	}
	rec, _, err := rb.Build()
	return rec, err
}

func responseRecord(ex *Exchange, target string, date time.Time) (gowarc.WarcRecord, error) {
	proto := ex.Proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %d %s\r\n", proto, ex.Status, http.StatusText(ex.Status))
	h := ex.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Del("Transfer-Encoding")
	notModified := ex.Status == http.StatusNotModified
	if !notModified {
		if ce := h.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
			h.Del("Content-Encoding")
			h.Set("X-Archive-Orig-Content-Encoding", ce)
			if cl := h.Get("Content-Length"); cl != "" {
				h.Set("X-Archive-Orig-Content-Length", cl)
			}
		}
		h.Set("Content-Length", strconv.Itoa(len(ex.Body)))
	}
	writeHeader(&b, h)
	typ := gowarc.Response
	if notModified {
		typ = gowarc.Revisit
	}
	rb := gowarc.NewRecordBuilder(typ, recordOptions...)
	rb.AddWarcHeader(gowarc.WarcTargetURI, target)
	rb.AddWarcHeaderTime(gowarc.WarcDate, date)
	rb.AddWarcHeader(gowarc.ContentType, gowarc.ApplicationHttp+";msgtype=response")
	if ex.IP != "" {
		rb.AddWarcHeader(gowarc.WarcIPAddress, ex.IP)
	}
	if notModified {
		rb.AddWarcHeader(gowarc.WarcProfile, gowarc.ProfileServerNotModifiedV1_1)
		rb.AddWarcHeader(gowarc.WarcRefersToTargetURI, target)
		if !ex.RefersToDate.IsZero() {
			rb.AddWarcHeaderTime(gowarc.WarcRefersToDate, ex.RefersToDate)
		}
	} else {
		if ex.Truncated {
			rb.AddWarcHeader(gowarc.WarcTruncated, "length")
		}
		b.Write(ex.Body)
	}
	for _, hop := range ex.Redirects {
		rb.AddWarcHeader(RedirectHopField, hop.String())
	}
	if _, err := rb.Write(b.Bytes()); err != nil {
		rb.Close()
		return nil, err
	}
	rec, _, err := rb.Build()
	return rec, err
}

// writeHeader writes h in sorted order, then the blank line.
func writeHeader(b *bytes.Buffer, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			// A header value cannot hold a line break: one would end the block.
			v = strings.NewReplacer("\r", " ", "\n", " ").Replace(v)
			fmt.Fprintf(b, "%s: %s\r\n", k, v)
		}
	}
	b.WriteString("\r\n")
}

// nameGenerator names files kohyo-<UTC time>-<pid>-<serial>.warc: unique
// across processes and rotations without asking the network for a host
// address (gowarc's default pattern does). The serial counts for the whole
// process, and a name already in the directory (finished, .gz, or still
// .open) is skipped: two writers in one process and second never share a
// file name, which would overwrite the earlier file when the later closes.
type nameGenerator struct {
	dir string
	pid int
}

var fileSerial atomic.Int64

func (g *nameGenerator) NewWarcfileName() (string, string) {
	for {
		name := fmt.Sprintf("kohyo-%s-%d-%05d.warc", time.Now().UTC().Format("20060102150405"), g.pid, fileSerial.Add(1))
		taken := false
		for _, suffix := range []string{"", ".gz", ".gz.open", ".open"} {
			if _, err := os.Lstat(filepath.Join(g.dir, name+suffix)); err == nil {
				taken = true
			}
		}
		if !taken {
			return g.dir, name
		}
	}
}
