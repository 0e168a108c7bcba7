package page

import (
	"bytes"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

// Decoded is a body turned into UTF-8.
type Decoded struct {
	Text    string
	Charset string // canonical WHATWG name of the encoding used: utf-8, shift_jis, euc-jp, iso-2022-jp, ...
	Source  string // where the charset came from: bom, header, meta, sniff
	Bad     int    // characters that could not be decoded (now U+FFFD)
}

// Decode turns an HTML or text body into UTF-8. It gathers the charsets the
// body could be in — its byte-order mark (which wins outright), the
// Content-Type header, <meta charset> / http-equiv / an XML declaration, and
// UTF-8, Shift_JIS, EUC-JP and ISO-2022-JP read off the bytes — and keeps the
// one that decodes most cleanly: fewest undecodable bytes and fewest
// mojibake signs (C1 controls, Latin-1 letters, stray half-width katakana).
// Ties go to the header, then the page, then the bytes, so a lying header
// ("iso-8859-1" on a UTF-8 page, "utf-8" on a Shift_JIS page) loses to what
// the page really is.
func Decode(body []byte, contentType string) Decoded {
	if enc, name := bomEncoding(body); enc != nil {
		text, bad := decodeWith(enc, body)
		return Decoded{Text: strings.TrimPrefix(text, "\ufeff"), Charset: name, Source: "bom", Bad: bad}
	}
	type cand struct {
		enc    encoding.Encoding
		name   string
		source string
	}
	var cands []cand
	seen := map[string]bool{}
	add := func(label, source string) {
		enc, name := charset.Lookup(strings.TrimSpace(label))
		if enc == nil || seen[name] || name == "replacement" {
			return
		}
		seen[name] = true
		cands = append(cands, cand{enc, name, source})
	}
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		add(params["charset"], "header")
	}
	add(metaCharset(body), "meta")
	sniffed := sniffJapanese(body)
	add(sniffed, "sniff")
	best := Decoded{Bad: -1}
	bestScore := -1
	try := func(c cand) {
		text, bad := decodeWith(c.enc, body)
		score := 4*bad + mojibake(text)
		if bestScore < 0 || score < bestScore {
			best = Decoded{Text: text, Charset: c.name, Source: c.source, Bad: bad}
			bestScore = score
		}
	}
	for _, c := range cands {
		try(c)
		if bestScore == 0 {
			return best
		}
	}
	tried := len(cands)
	for _, label := range []string{"utf-8", "shift_jis", "euc-jp", "iso-2022-jp"} {
		add(label, "sniff")
	}
	for _, c := range cands[tried:] {
		try(c)
	}
	if bestScore < 0 { // nothing declared, nothing known: UTF-8 with replacements
		text, bad := decodeWith(unicode.UTF8, body)
		return Decoded{Text: text, Charset: "utf-8", Source: "sniff", Bad: bad}
	}
	return best
}

func bomEncoding(b []byte) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return unicode.UTF8, "utf-8"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	}
	return nil, ""
}

// decodeWith decodes b and counts the replacement characters the decoder
// had to produce.
func decodeWith(enc encoding.Encoding, b []byte) (string, int) {
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\ufffd"), bytes.Count(b, []byte{0xEF, 0xBF, 0xBD}) + 1
	}
	bad := bytes.Count(out, []byte("\ufffd")) - bytes.Count(b, []byte("\ufffd"))
	if bad < 0 {
		bad = 0
	}
	if !utf8.Valid(out) {
		out = bytes.ToValidUTF8(out, []byte("\ufffd"))
	}
	return string(out), bad
}

// mojibake counts characters that a Japanese page decoded with the right
// charset hardly ever contains.
func mojibake(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r == 0x1B: // ISO-2022-JP escape left in the text
			n += 4
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f':
			n += 2
		case r >= 0x80 && r <= 0x9F: // C1 controls
			n += 2
		case r >= 0xC0 && r <= 0xFF && r != 0xD7 && r != 0xF7: // Latin-1 letters (Ã, ã, å, ...), not × ÷
			n++
		case r >= 0xFF61 && r <= 0xFF9F: // half-width katakana: EUC-JP read as Shift_JIS
			n++
		case r >= 0xE000 && r <= 0xF8FF: // private use: user-defined Shift_JIS area
			n++
		}
	}
	return n
}

var (
	metaCharsetRE = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)`)
	xmlDeclRE     = regexp.MustCompile(`(?i)^\s*<\?xml[^>]*encoding\s*=\s*["']([a-z0-9_\-:.]+)`)
)

// metaCharset finds the charset the page declares in its first 4 KB.
func metaCharset(b []byte) string {
	if len(b) > 4096 {
		b = b[:4096]
	}
	if m := metaCharsetRE.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	if m := xmlDeclRE.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return ""
}

// sniffJapanese guesses the charset from the bytes: ISO-2022-JP by its
// escapes, UTF-8 when the bytes are valid UTF-8 with non-ASCII, otherwise
// whichever of Shift_JIS and EUC-JP decodes with fewer errors.
func sniffJapanese(b []byte) string {
	if bytes.Contains(b, []byte("\x1b$B")) || bytes.Contains(b, []byte("\x1b$@")) {
		return "iso-2022-jp"
	}
	ascii := true
	for _, c := range b {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return ""
	}
	if utf8.Valid(b) {
		return "utf-8"
	}
	sj, sjBad := decodeWith(japanese.ShiftJIS, b)
	eu, euBad := decodeWith(japanese.EUCJP, b)
	if 4*euBad+mojibake(eu) < 4*sjBad+mojibake(sj) {
		return "euc-jp"
	}
	return "shift_jis"
}
