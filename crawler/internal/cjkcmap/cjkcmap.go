package cjkcmap

import (
	"sort"
	"sync"
)

// CMap is a predefined CMap: it splits a string into codes by its codespace
// and maps each code to a CID of the collection Ordering.
type CMap struct {
	Name     string
	Ordering string // "Japan1", "GB1", "CNS1", "Korea1"; "" for Identity-H/V
	Vertical bool   // WMode 1: glyphs advance downwards

	use      string
	base     *CMap // the CMap named by usecmap, consulted after this one
	spaces   []span
	cids     []span
	notdefs  []span
	identity bool
}

// span maps codes lo..hi, each nbytes long, to CIDs cid, cid+1, ...
type span struct {
	nbytes int
	lo, hi uint32
	cid    uint32
}

var (
	loadOnce sync.Once
	loaded   *tables
	loadErr  error
)

func load() (*tables, error) {
	loadOnce.Do(func() { loaded, loadErr = decode(packed) })
	return loaded, loadErr
}

var identity = map[string]*CMap{
	"Identity-H": {Name: "Identity-H", identity: true, spaces: []span{{nbytes: 2, lo: 0, hi: 0xFFFF}}},
	"Identity-V": {Name: "Identity-V", Vertical: true, identity: true, spaces: []span{{nbytes: 2, lo: 0, hi: 0xFFFF}}},
}

// Lookup returns the predefined CMap of that name (Identity-H and
// Identity-V included), or nil when PDF predefines no CMap by that name.
func Lookup(name string) *CMap {
	if m := identity[name]; m != nil {
		return m
	}
	t, err := load()
	if err != nil {
		return nil
	}
	return t.cmaps[name]
}

// Names lists the embedded CMaps, sorted, without Identity-H and -V.
func Names() []string {
	t, err := load()
	if err != nil {
		return nil
	}
	var names []string
	for n := range t.cmaps {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Source is the cmap-resources commit the data was built from.
func Source() string {
	t, err := load()
	if err != nil {
		return ""
	}
	return t.commit
}

// Unicode returns the character of a CID in the collection Adobe-ordering
// (ordering "Japan1", "GB1", "CNS1" or "Korea1"), and false when the
// collection is unknown or the CID has no Unicode value.
func Unicode(ordering string, cid int) (rune, bool) {
	t, err := load()
	if err != nil {
		return 0, false
	}
	uni := t.unicode[ordering]
	if cid < 0 || cid >= len(uni) || uni[cid] == 0 {
		return 0, false
	}
	return uni[cid], true
}

// Next reads the first code of s by the codespace ranges: the code's value
// and its length in bytes. A byte sequence outside every range is consumed
// as one byte, as in pdf.js, and reported with ok false.
func (m *CMap) Next(s []byte) (code uint32, n int, ok bool) {
	if len(s) == 0 {
		return 0, 0, false
	}
	spaces := m.spaces
	for b := m; len(spaces) == 0 && b.base != nil; b = b.base {
		spaces = b.base.spaces
	}
	for n := 1; n <= 4 && n <= len(s); n++ {
		for _, sp := range spaces {
			if sp.nbytes == n && inSpace(s[:n], sp) {
				return value(s[:n]), n, true
			}
		}
	}
	return uint32(s[0]), 1, false
}

// inSpace reports whether code lies in a codespace range; the range is a
// box, each byte between the corresponding bytes of lo and hi.
func inSpace(code []byte, sp span) bool {
	for i, c := range code {
		shift := 8 * (len(code) - 1 - i)
		lo, hi := byte(sp.lo>>shift), byte(sp.hi>>shift)
		if c < lo || c > hi {
			return false
		}
	}
	return true
}

func value(b []byte) uint32 {
	var v uint32
	for _, c := range b {
		v = v<<8 | uint32(c)
	}
	return v
}

// CID maps a code of nbytes bytes to its CID; ok is false when the code is
// mapped by no range (the CID is then the notdef CID of the code, or 0).
func (m *CMap) CID(code uint32, nbytes int) (cid int, ok bool) {
	if m.identity {
		return int(code), nbytes == 2
	}
	for c := m; c != nil; c = c.base {
		if cid, ok := find(c.cids, code, nbytes); ok {
			return cid, true
		}
	}
	for c := m; c != nil; c = c.base {
		if _, ok := find(c.notdefs, code, nbytes); ok {
			s := c.notdefs[search(c.notdefs, code, nbytes)]
			return int(s.cid), false // every code of a notdef range has one CID
		}
	}
	return 0, false
}

func find(spans []span, code uint32, nbytes int) (int, bool) {
	i := search(spans, code, nbytes)
	if i < len(spans) && spans[i].nbytes == nbytes && spans[i].lo <= code && code <= spans[i].hi {
		return int(spans[i].cid + code - spans[i].lo), true
	}
	return 0, false
}

// search returns the index of the first span of that code length whose
// range ends at or after code.
func search(spans []span, code uint32, nbytes int) int {
	return sort.Search(len(spans), func(i int) bool {
		s := spans[i]
		return s.nbytes > nbytes || s.nbytes == nbytes && s.hi >= code
	})
}
