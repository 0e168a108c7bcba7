package archive

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// MaxBody is the largest payload Read returns (the crawler caps bodies
// at 20 MB; this leaves room).
const MaxBody = 64 << 20

// Errors callers may test for with errors.Is.
var (
	// ErrNoRecord: the file has no record at the offset, or not one of a
	// response or revisit.
	ErrNoRecord = errors.New("no response record at this offset")
)

// Record is an archived response read back.
type Record struct {
	Ref       Ref
	Type      string // "response" or "revisit"
	URL       string // WARC-Target-URI
	Date      time.Time
	Status    int
	Proto     string
	Header    http.Header
	Body      []byte // empty for a revisit
	Truncated bool   // WARC-Truncated was set, or the body exceeded MaxBody
	Digest    string // WARC-Payload-Digest
	ID        string // WARC-Record-ID
	// Redirects are the redirect responses that led to this one, first
	// hop first (RedirectHopField); none for a page asked at its own URL.
	Redirects []Ref
}

// Path returns the path of ref's file in dir: the finished name, or the
// name with .open while a crawl still writes to it.
func Path(dir string, ref Ref) (string, error) {
	if ref.File == "" || ref.File != filepath.Base(ref.File) || strings.HasPrefix(ref.File, ".") {
		return "", fmt.Errorf("archive: bad file name %q", ref.File)
	}
	p := filepath.Join(dir, ref.File)
	if _, err := os.Stat(p); err == nil {
		return p, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("archive: %w", err)
	}
	if _, err := os.Stat(p + ".open"); err == nil {
		return p + ".open", nil
	}
	return "", fmt.Errorf("archive: %s: %w", p, fs.ErrNotExist)
}

// Read returns the response (or revisit) record at ref in dir.
func Read(dir string, ref Ref) (*Record, error) {
	p, err := Path(dir, ref)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("archive: %w", err)
	}
	defer f.Close()
	return ReadFrom(f, ref)
}

// ReadFrom reads the record at ref.Offset of r (ref.File names it).
func ReadFrom(r io.ReadSeeker, ref Ref) (*Record, error) {
	gowarcMu.Lock()
	wr, err := gowarc.NewWarcFileReaderFromStream(r, ref.Offset)
	gowarcMu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("archive: %s@%d: %w", ref.File, ref.Offset, err)
	}
	defer wr.Close()
	rec, err := wr.Next()
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = ErrNoRecord
		}
		return nil, fmt.Errorf("archive: %s@%d: %w", ref.File, ref.Offset, err)
	}
	defer rec.Close()
	if rec.Offset != ref.Offset {
		return nil, fmt.Errorf("archive: %s@%d: %w (next record at %d)", ref.File, ref.Offset, ErrNoRecord, rec.Offset)
	}
	out, err := decode(rec.WarcRecord)
	if err != nil {
		return nil, fmt.Errorf("archive: %s@%d: %w", ref.File, ref.Offset, err)
	}
	out.Ref = ref
	return out, nil
}

// decode turns a parsed WARC record into a Record.
func decode(wr gowarc.WarcRecord) (*Record, error) {
	h := wr.WarcHeader()
	out := &Record{
		URL:       h.Get(gowarc.WarcTargetURI),
		Digest:    h.Get(gowarc.WarcPayloadDigest),
		ID:        h.GetId(gowarc.WarcRecordID),
		Truncated: h.Has(gowarc.WarcTruncated),
	}
	out.Date, _ = h.GetTime(gowarc.WarcDate)
	for _, v := range h.GetAll(RedirectHopField) {
		ref, err := ParseRef(v)
		if err != nil {
			return nil, err
		}
		out.Redirects = append(out.Redirects, ref)
	}
	switch wr.Type() {
	case gowarc.Response:
		out.Type = "response"
	case gowarc.Revisit:
		out.Type = "revisit"
	default:
		return nil, fmt.Errorf("%w (a %s record)", ErrNoRecord, wr.Type())
	}
	if out.Type == "revisit" {
		// A revisit's block is the HTTP header alone.
		pb, ok := wr.Block().(gowarc.ProtocolHeaderBlock)
		if !ok {
			return nil, fmt.Errorf("%w (a revisit without an HTTP header)", ErrNoRecord)
		}
		resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(pb.ProtocolHeaderBytes())), nil)
		if err != nil {
			return nil, fmt.Errorf("revisit record: %w", err)
		}
		resp.Body.Close()
		out.Status, out.Proto, out.Header = resp.StatusCode, resp.Proto, resp.Header
		return out, nil
	}
	hb, ok := wr.Block().(gowarc.HttpResponseBlock)
	if !ok {
		return nil, fmt.Errorf("%w (not an HTTP response)", ErrNoRecord)
	}
	out.Status = hb.HttpStatusCode()
	if line := hb.HttpStatusLine(); strings.HasPrefix(line, "HTTP/") {
		out.Proto, _, _ = strings.Cut(line, " ")
	}
	if hh := hb.HttpHeader(); hh != nil {
		out.Header = hh.Clone()
	}
	pr, err := hb.PayloadBytes()
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(io.LimitReader(pr, MaxBody+1))
	if err != nil {
		return nil, err
	}
	if len(body) > MaxBody {
		body, out.Truncated = body[:MaxBody], true
	}
	out.Body = body
	return out, nil
}
