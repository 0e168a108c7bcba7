package page

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"syscall"
	"time"
)

// ErrorKind names one way a fetch or parse can fail. It is stable text, fit
// for a database column and for JSON.
type ErrorKind string

// The kinds of failure. Each has a sentinel error of the same meaning, so
// errors.Is(err, ErrTimeout) holds for an *Error of KindTimeout.
const (
	KindBadURL           ErrorKind = "bad_url"
	KindDNS              ErrorKind = "dns"
	KindConnect          ErrorKind = "connect"
	KindTLS              ErrorKind = "tls"
	KindTimeout          ErrorKind = "timeout"
	KindNetwork          ErrorKind = "network" // connection reset, unexpected EOF, ...
	KindCanceled         ErrorKind = "canceled"
	KindHTTPStatus       ErrorKind = "http_status"
	KindTooManyRedirects ErrorKind = "too_many_redirects"
	KindRedirectLoop     ErrorKind = "redirect_loop"
	KindTooLarge         ErrorKind = "too_large"
	KindUnsupportedType  ErrorKind = "unsupported_type"
	KindEmpty            ErrorKind = "empty"
	KindNotJapanese      ErrorKind = "not_japanese"
	KindPDF              ErrorKind = "pdf" // a PDF the library cannot read
	KindFile             ErrorKind = "file"
)

// Sentinel errors, one per ErrorKind. Callers test with errors.Is.
var (
	ErrBadURL           = errors.New("bad url")
	ErrDNS              = errors.New("dns lookup failed")
	ErrConnect          = errors.New("connection failed")
	ErrTLS              = errors.New("tls handshake failed")
	ErrTimeout          = errors.New("timed out")
	ErrNetwork          = errors.New("network error")
	ErrCanceled         = errors.New("canceled")
	ErrHTTPStatus       = errors.New("http error status")
	ErrTooManyRedirects = errors.New("too many redirects")
	ErrRedirectLoop     = errors.New("redirect loop")
	ErrTooLarge         = errors.New("body too large")
	ErrUnsupportedType  = errors.New("unsupported content type")
	ErrEmpty            = errors.New("no text in document")
	ErrNotJapanese      = errors.New("document is not in japanese")
	ErrPDF              = errors.New("unreadable pdf")
	ErrFile             = errors.New("cannot read file")
)

var kindSentinel = map[ErrorKind]error{
	KindBadURL:           ErrBadURL,
	KindDNS:              ErrDNS,
	KindConnect:          ErrConnect,
	KindTLS:              ErrTLS,
	KindTimeout:          ErrTimeout,
	KindNetwork:          ErrNetwork,
	KindCanceled:         ErrCanceled,
	KindHTTPStatus:       ErrHTTPStatus,
	KindTooManyRedirects: ErrTooManyRedirects,
	KindRedirectLoop:     ErrRedirectLoop,
	KindTooLarge:         ErrTooLarge,
	KindUnsupportedType:  ErrUnsupportedType,
	KindEmpty:            ErrEmpty,
	KindNotJapanese:      ErrNotJapanese,
	KindPDF:              ErrPDF,
	KindFile:             ErrFile,
}

// Error is a failed fetch or parse of one URL.
type Error struct {
	Kind       ErrorKind
	URL        string
	Status     int           // HTTP status for KindHTTPStatus, else the last status seen or 0
	RetryAfter time.Duration // the server's Retry-After on the last answer, if any
	Attempts   int           // requests made, retries included
	Err        error         // the underlying cause; may be nil
}

func (e *Error) Error() string {
	msg := string(e.Kind)
	if s, ok := kindSentinel[e.Kind]; ok {
		msg = s.Error()
	}
	if e.Kind == KindHTTPStatus && e.Status != 0 {
		msg = fmt.Sprintf("http status %d", e.Status)
	}
	if e.URL != "" {
		msg = e.URL + ": " + msg
	}
	if e.Err != nil && !isSentinel(e.Err) {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the sentinel of e's kind.
func (e *Error) Is(target error) bool {
	s, ok := kindSentinel[e.Kind]
	return ok && s == target
}

func isSentinel(err error) bool {
	for _, s := range kindSentinel {
		if err == s {
			return true
		}
	}
	return false
}

// KindOf returns the kind of err: the Kind of an *Error in its chain, or a
// kind read from a plain network error (as Colly hands them over), or "" for
// nil. Unknown errors are KindNetwork.
func KindOf(err error) ErrorKind {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return classify(err)
}

// classify reads the kind of a transport-level error.
func classify(err error) ErrorKind {
	switch {
	case errors.Is(err, ErrRedirectLoop):
		return KindRedirectLoop
	case errors.Is(err, ErrTooManyRedirects):
		return KindTooManyRedirects
	case errors.Is(err, context.Canceled):
		return KindCanceled
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return KindTimeout
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		if dnsErr.IsTimeout {
			return KindTimeout
		}
		return KindDNS
	}
	var (
		certErr     *tls.CertificateVerificationError
		unknownAuth x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidErr  x509.CertificateInvalidError
		recordErr   tls.RecordHeaderError
		alertErr    tls.AlertError
	)
	if errors.As(err, &certErr) || errors.As(err, &unknownAuth) || errors.As(err, &hostErr) ||
		errors.As(err, &invalidErr) || errors.As(err, &recordErr) || errors.As(err, &alertErr) {
		return KindTLS
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return KindTimeout
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) && urlErr.Timeout() {
		return KindTimeout
	}
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH) {
		return KindConnect
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return KindConnect
	}
	return KindNetwork
}
