package cjkcmap

import (
	"bytes"
	"compress/flate"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
)

// cjk.bin is DEFLATE-compressed. Uncompressed it is:
//
//	"KCJK1\n" string(source commit) uvarint(number of collections)
//	per collection:
//	  string(ordering, e.g. "Japan1")
//	  uvarint(number of CIDs) uvarint(number of runs)
//	  per run: uvarint(CIDs skipped since the previous run) uvarint(length)
//	           varint(first code point − code point after the previous run)
//	  uvarint(number of CMaps)
//	  per CMap: string(name) string(usecmap name or "") byte(1 if vertical)
//	            uvarint(n) n × (byte(code length) uvarint(lo) uvarint(hi−lo))
//	            spans(cid ranges) spans(notdef ranges)
//	spans: uvarint(n) n × (byte(code length) varint(lo − code after the
//	       previous span) uvarint(hi−lo) varint(cid − CID after the previous span))
//
// string is uvarint(length) followed by the bytes.
//
//go:embed cjk.bin
var packed []byte

const magic = "KCJK1\n"

// tables is the decoded content of cjk.bin.
type tables struct {
	commit  string
	unicode map[string][]rune // ordering → CID → code point (0: none)
	cmaps   map[string]*CMap
}

func decode(packed []byte) (*tables, error) {
	raw, err := io.ReadAll(flate.NewReader(bytes.NewReader(packed)))
	if err != nil {
		return nil, err
	}
	return parse(raw)
}

// parse reads the uncompressed payload.
func parse(raw []byte) (*tables, error) {
	r := &reader{b: raw}
	if !bytes.HasPrefix(raw, []byte(magic)) {
		return nil, errors.New("cjkcmap: bad magic")
	}
	r.b = raw[len(magic):]
	t := &tables{commit: r.string(), unicode: map[string][]rune{}, cmaps: map[string]*CMap{}}
	for range r.uvarint() {
		ordering := r.string()
		uni := make([]rune, r.uvarint())
		cid, next := 0, 0
		for range r.uvarint() {
			cid += int(r.uvarint())
			n := int(r.uvarint())
			first := next + int(r.varint())
			if r.err != nil || cid+n > len(uni) {
				return nil, fmt.Errorf("cjkcmap: %s: bad unicode run", ordering)
			}
			for i := range n {
				uni[cid+i] = rune(first + i)
			}
			cid += n
			next = first + n
		}
		t.unicode[ordering] = uni
		for range r.uvarint() {
			m := &CMap{Name: r.string(), Ordering: ordering}
			m.use = r.string()
			m.Vertical = r.byte() == 1
			for range r.uvarint() {
				n := int(r.byte())
				lo := uint32(r.uvarint())
				m.spaces = append(m.spaces, span{nbytes: n, lo: lo, hi: lo + uint32(r.uvarint())})
			}
			m.cids = r.spans()
			m.notdefs = r.spans()
			if r.err != nil {
				return nil, fmt.Errorf("cjkcmap: %s: %w", m.Name, r.err)
			}
			sortSpans(m.cids)
			sortSpans(m.notdefs)
			t.cmaps[m.Name] = m
		}
	}
	if r.err != nil {
		return nil, fmt.Errorf("cjkcmap: %w", r.err)
	}
	for _, m := range t.cmaps {
		if m.use != "" {
			if m.base = t.cmaps[m.use]; m.base == nil {
				return nil, fmt.Errorf("cjkcmap: %s uses unknown %s", m.Name, m.use)
			}
		}
	}
	return t, nil
}

// sortSpans orders spans by code length and first code so that lookups can
// search them. A predefined CMap does not overlap itself (TestNoOverlap);
// overrides come from usecmap.
func sortSpans(s []span) {
	slices.SortStableFunc(s, func(a, b span) int {
		if a.nbytes != b.nbytes {
			return a.nbytes - b.nbytes
		}
		return int(int64(a.lo) - int64(b.lo))
	})
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *reader) spans() []span {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return nil
	}
	out := make([]span, 0, n)
	var nextCode, nextCID int64
	for range n {
		s := span{nbytes: int(r.byte())}
		lo := nextCode + r.varint()
		width := int64(r.uvarint())
		cid := nextCID + r.varint()
		if lo < 0 || cid < 0 || lo+width > 0xFFFFFFFF || s.nbytes < 1 || s.nbytes > 4 {
			r.fail()
			return nil
		}
		s.lo, s.hi, s.cid = uint32(lo), uint32(lo+width), uint32(cid)
		out = append(out, s)
		nextCode, nextCID = lo+width+1, cid+width+1
	}
	return out
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errors.New("truncated or corrupt data")
	}
	r.b = nil
}
