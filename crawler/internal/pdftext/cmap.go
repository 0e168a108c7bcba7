package pdftext

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// cmap is a parsed PDF CMap: the codespace ranges that say how many bytes a
// character code takes, and what each code maps to. A font's ToUnicode CMap
// maps codes to text (bfchar, bfrange); an embedded encoding CMap of a
// composite font maps codes to CIDs (cidchar, cidrange), which select the
// glyph widths.
//
// Codes are big-endian integers of 1 to 4 bytes. Ranges are not expanded,
// so a producer's single <0000> <FFFF> range costs one entry.
type cmap struct {
	space    []codeRange
	chars    map[cmapCode]string
	ranges   []bfRange // in definition order; later ones win
	cids     map[cmapCode]int
	cidRange []cidRange
	vertical bool   // /WMode 1
	useCMap  string // the predefined CMap named by usecmap, if any
}

type cmapCode struct {
	n int // bytes
	v uint32
}

type codeRange struct {
	n      int
	lo, hi uint32
}

// bfRange maps lo..hi either to consecutive text (dst, whose last character
// is incremented by code-lo) or to one string per code (each).
type bfRange struct {
	n      int
	lo, hi uint32
	dst    []rune
	each   []string
}

type cidRange struct {
	n      int
	lo, hi uint32
	cid    int
}

// maxCMapBytes caps how much of a CMap stream is read; real ToUnicode maps
// of a full CJK font are a few hundred kilobytes.
const maxCMapBytes = 8 << 20

// parseCMap reads a CMap program. It understands the operators that carry
// mappings and skips the PostScript around them; malformed entries are
// dropped, never fatal, because a half-usable map still beats none.
func parseCMap(src []byte) (*cmap, error) {
	if len(src) > maxCMapBytes {
		return nil, fmt.Errorf("cmap of %d bytes is over the %d-byte cap", len(src), maxCMapBytes)
	}
	m := &cmap{chars: map[cmapCode]string{}, cids: map[cmapCode]int{}}
	lx := psLexer{src: src}
	var stk []psToken
	mark := -1 // stack height at the last begin… operator
	operands := func() []psToken {
		if mark < 0 || mark > len(stk) {
			return nil
		}
		ops := stk[mark:]
		stk, mark = stk[:mark], -1
		return ops
	}
	for {
		t, ok := lx.next()
		if !ok {
			break
		}
		if t.kind != tokOp {
			stk = append(stk, t)
			if len(stk) > 1<<20 {
				return nil, fmt.Errorf("cmap operand stack overflow")
			}
			continue
		}
		switch t.s {
		case "begincodespacerange", "beginbfchar", "beginbfrange", "begincidchar", "begincidrange", "beginnotdefrange", "beginnotdefchar":
			if n := len(stk); n > 0 && stk[n-1].kind == tokNum {
				stk = stk[:n-1] // the entry count: the end operator counts for itself
			}
			mark = len(stk)
		case "endcodespacerange":
			ops := operands()
			for i := 0; i+1 < len(ops); i += 2 {
				if r, ok := codeSpan(ops[i], ops[i+1]); ok {
					m.space = append(m.space, r)
				}
			}
		case "endbfchar":
			ops := operands()
			for i := 0; i+1 < len(ops); i += 2 {
				c, ok := codeOf(ops[i])
				if !ok {
					continue
				}
				switch d := ops[i+1]; d.kind {
				case tokStr:
					m.chars[c] = utf16Text(d.s)
				case tokName: // a glyph name instead of a string: rare, seen in old producers
					m.chars[c] = d.s
				}
			}
		case "endbfrange":
			ops := operands()
			for i := 0; i+2 < len(ops); i += 3 {
				r, ok := codeSpan(ops[i], ops[i+1])
				if !ok {
					continue
				}
				br := bfRange{n: r.n, lo: r.lo, hi: r.hi}
				switch d := ops[i+2]; d.kind {
				case tokStr:
					br.dst = []rune(utf16Text(d.s))
					if len(br.dst) == 0 {
						continue
					}
				case tokArray:
					for _, e := range d.arr {
						br.each = append(br.each, utf16Text(e.s))
					}
				default:
					continue
				}
				m.ranges = append(m.ranges, br)
			}
		case "endcidchar":
			ops := operands()
			for i := 0; i+1 < len(ops); i += 2 {
				if c, ok := codeOf(ops[i]); ok && ops[i+1].kind == tokNum {
					m.cids[c] = int(ops[i+1].num)
				}
			}
		case "endcidrange":
			ops := operands()
			for i := 0; i+2 < len(ops); i += 3 {
				if r, ok := codeSpan(ops[i], ops[i+1]); ok && ops[i+2].kind == tokNum {
					m.cidRange = append(m.cidRange, cidRange{n: r.n, lo: r.lo, hi: r.hi, cid: int(ops[i+2].num)})
				}
			}
		case "endnotdefrange", "endnotdefchar":
			operands()
		case "usecmap":
			if n := len(stk); n > 0 && stk[n-1].kind == tokName {
				m.useCMap = stk[n-1].s
			}
			stk = stk[:0]
		case "def":
			if n := len(stk); n >= 2 && stk[n-2].kind == tokName && stk[n-2].s == "WMode" && stk[n-1].kind == tokNum {
				m.vertical = stk[n-1].num == 1
			}
			if len(stk) >= 2 {
				stk = stk[:len(stk)-2]
			}
		default: // findresource, begincmap, defineresource, pop, …: no mappings
			if mark < 0 {
				stk = stk[:0]
			}
		}
	}
	sort.SliceStable(m.space, func(i, j int) bool { return m.space[i].n < m.space[j].n })
	return m, nil
}

// codeOf reads a source code: a string of 1-4 bytes.
func codeOf(t psToken) (cmapCode, bool) {
	if t.kind != tokStr || len(t.s) == 0 || len(t.s) > 4 {
		return cmapCode{}, false
	}
	var v uint32
	for i := 0; i < len(t.s); i++ {
		v = v<<8 | uint32(t.s[i])
	}
	return cmapCode{len(t.s), v}, true
}

func codeSpan(lo, hi psToken) (codeRange, bool) {
	a, ok1 := codeOf(lo)
	b, ok2 := codeOf(hi)
	if !ok1 || !ok2 || a.n != b.n || a.v > b.v {
		return codeRange{}, false
	}
	return codeRange{n: a.n, lo: a.v, hi: b.v}, true
}

// utf16Text decodes a ToUnicode destination: UTF-16BE, or a single byte
// from producers that write <41> for "A".
func utf16Text(s string) string {
	if len(s) == 1 {
		return string(rune(s[0]))
	}
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return string(utf16.Decode(u))
}

// next splits the first character code off s. With codespace ranges it
// takes the shortest byte sequence inside one of them; a byte sequence in
// none takes the shortest codespace length (or def bytes without a
// codespace), as other readers do, so one bad code cannot derail the rest.
func (m *cmap) next(s string, def int) (cmapCode, int) {
	if m != nil && len(m.space) > 0 {
		var v uint32
		for n := 1; n <= 4 && n <= len(s); n++ {
			v = v<<8 | uint32(s[n-1])
			for _, r := range m.space {
				if r.n == n && r.lo <= v && v <= r.hi {
					return cmapCode{n, v}, n
				}
			}
		}
		def = m.space[0].n
	}
	if def < 1 {
		def = 1
	}
	if def > len(s) {
		def = len(s)
	}
	var v uint32
	for i := 0; i < def; i++ {
		v = v<<8 | uint32(s[i])
	}
	return cmapCode{def, v}, def
}

// text returns the Unicode text of code c, and whether the map has one.
func (m *cmap) text(c cmapCode) (string, bool) {
	if m == nil {
		return "", false
	}
	if s, ok := m.chars[c]; ok {
		return s, true
	}
	for i := len(m.ranges) - 1; i >= 0; i-- {
		r := &m.ranges[i]
		if r.n != c.n || c.v < r.lo || c.v > r.hi {
			continue
		}
		off := c.v - r.lo
		if r.each != nil {
			if int(off) < len(r.each) {
				return r.each[off], true
			}
			return "", false
		}
		// The destination's last character counts up with the code, with
		// carry: <0000> <FFFF> <0000> is the identity on the whole BMP, and
		// a range may cross a 256 boundary in both source and destination.
		last := r.dst[len(r.dst)-1] + rune(off)
		if !utf8.ValidRune(last) {
			return "", false
		}
		var b bytes.Buffer
		for _, x := range r.dst[:len(r.dst)-1] {
			b.WriteRune(x)
		}
		b.WriteRune(last)
		return b.String(), true
	}
	return "", false
}

// cid returns the CID of code c under an encoding CMap.
func (m *cmap) cid(c cmapCode) (int, bool) {
	if m == nil {
		return 0, false
	}
	if cid, ok := m.cids[c]; ok {
		return cid, true
	}
	for i := len(m.cidRange) - 1; i >= 0; i-- {
		r := m.cidRange[i]
		if r.n == c.n && r.lo <= c.v && c.v <= r.hi {
			return r.cid + int(c.v-r.lo), true
		}
	}
	return 0, false
}

type psTokenKind int

const (
	tokNum psTokenKind = iota
	tokStr
	tokName
	tokArray
	tokOp
	tokOther // dictionaries, procedures: skipped as one operand
)

type psToken struct {
	kind psTokenKind
	s    string // string bytes, name or operator
	num  float64
	arr  []psToken
}

// psLexer tokenises the PostScript subset used by CMaps and page content
// streams. It always moves forward, so any input ends.
type psLexer struct {
	src []byte
	pos int
}

func (l *psLexer) skipSpace() {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == '%':
			for l.pos < len(l.src) && l.src[l.pos] != '\n' && l.src[l.pos] != '\r' {
				l.pos++
			}
		case isPDFSpace(c):
			l.pos++
		default:
			return
		}
	}
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool {
	return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

// next returns the next token; ok is false at the end of input.
func (l *psLexer) next() (psToken, bool) {
	return l.nextDepth(0)
}

func (l *psLexer) nextDepth(depth int) (psToken, bool) {
	l.skipSpace()
	if l.pos >= len(l.src) {
		return psToken{}, false
	}
	c := l.src[l.pos]
	switch {
	case c == '<' && l.pos+1 < len(l.src) && l.src[l.pos+1] == '<', c == '{':
		return l.skipNested(), true
	case c == '<':
		return l.hexString(), true
	case c == '(':
		return l.literalString(), true
	case c == '/':
		l.pos++
		return psToken{kind: tokName, s: l.word()}, true
	case c == '[':
		l.pos++
		t := psToken{kind: tokArray}
		for depth < 32 {
			l.skipSpace()
			if l.pos >= len(l.src) {
				break
			}
			if l.src[l.pos] == ']' {
				l.pos++
				break
			}
			e, ok := l.nextDepth(depth + 1)
			if !ok {
				break
			}
			t.arr = append(t.arr, e)
		}
		return t, true
	case isPDFDelim(c): // a stray ] > } )
		l.pos++
		return psToken{kind: tokOther}, true
	}
	w := l.word()
	if c == '+' || c == '-' || c == '.' || '0' <= c && c <= '9' {
		if f, err := strconv.ParseFloat(w, 64); err == nil {
			return psToken{kind: tokNum, num: f}, true
		}
		return psToken{kind: tokNum}, true // 1.2.3, --4: as others do, zero
	}
	return psToken{kind: tokOp, s: w}, true
}

// skipInlineImage passes over the data of an inline image (after its ID
// operator), to the EI operator that ends it.
func (l *psLexer) skipInlineImage() {
	for l.pos < len(l.src) {
		i := bytes.Index(l.src[l.pos:], []byte("EI"))
		if i < 0 {
			l.pos = len(l.src)
			return
		}
		at := l.pos + i
		l.pos = at + 2
		before := at == 0 || isPDFSpace(l.src[at-1])
		after := l.pos >= len(l.src) || isPDFSpace(l.src[l.pos]) || isPDFDelim(l.src[l.pos])
		if before && after {
			return
		}
	}
}

func (l *psLexer) word() string {
	start := l.pos
	for l.pos < len(l.src) && !isPDFSpace(l.src[l.pos]) && !isPDFDelim(l.src[l.pos]) {
		l.pos++
	}
	if l.pos == start && l.pos < len(l.src) {
		l.pos++ // never stall
	}
	return string(l.src[start:l.pos])
}

func (l *psLexer) hexString() psToken {
	l.pos++ // <
	var b []byte
	hi, half := byte(0), false
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		l.pos++
		if c == '>' {
			break
		}
		v, ok := unhex(c)
		if !ok {
			continue
		}
		if half {
			b = append(b, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		b = append(b, hi<<4)
	}
	return psToken{kind: tokStr, s: string(b)}
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (l *psLexer) literalString() psToken {
	l.pos++ // (
	var b []byte
	depth := 1
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return psToken{kind: tokStr, s: string(b)}
			}
		case '\\':
			if l.pos >= len(l.src) {
				continue
			}
			e := l.src[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r', '\n':
				continue
			default:
				if '0' <= e && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.src) && '0' <= l.src[l.pos] && l.src[l.pos] <= '7'; k++ {
						v = v*8 + int(l.src[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		b = append(b, c)
	}
	return psToken{kind: tokStr, s: string(b)}
}

// skipNested passes over a dictionary << … >> or a procedure { … }.
func (l *psLexer) skipNested() psToken {
	depth := 0
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		double := l.pos+1 < len(l.src) && l.src[l.pos+1] == c
		switch {
		case c == '(':
			l.literalString()
			continue
		case c == '<' && double, c == '{':
			depth++
		case c == '>' && double, c == '}':
			depth--
		case c == '<':
			l.hexString()
			continue
		}
		if (c == '<' || c == '>') && double {
			l.pos++
		}
		l.pos++
		if depth <= 0 {
			break
		}
	}
	return psToken{kind: tokOther}
}
