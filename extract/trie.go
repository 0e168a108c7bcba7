package extract

import (
	"strings"

	"github.com/kohyo-dev/kohyo/dict"
)

// The word-level fields (attackers, categories, incident types, victim)
// share one dictionary scan. Every dictionary surface is a key of a rune
// trie; the normalised text is scanned once, at every position, for every
// key that starts there (so phrases such as 閲覧可能な状態 that kagome cuts
// into several tokens match as well). Keys are compared in AliasKey form:
// ASCII lower case, with white space, '-', '.', '_' and '・' skipped, so
// "LockBit 3.0", "Lockbit3.0" and "LOCKBIT-3.0" are one key. A key with
// ASCII letters or digits at an edge must not touch further ASCII letters
// or digits (Play never matches inside Display).
//
// Tokens serve what needs morphology: negation (ない, ず, ません by their
// base forms) and organisation names.

// payload kinds.
const (
	payCategory = iota
	payIncident
	payAttacker
	payCue
)

type payload struct {
	kind      int
	id        string // category id, incident type or cue kind
	cond      string // incident condition
	attacker  int    // index into wordIndex.attackers
	ambiguous bool   // an attacker alias that needs context
	bit       uint32 // the sentence cue bits this payload sets
}

// trieNode keeps its children in a sorted slice (most nodes have one or
// two); the root's children are in wordIndex.root, indexed by rune.
type trieNode struct {
	keys []rune
	next []int32
	pays []int32
}

func (n *trieNode) child(r rune) int32 {
	for i, k := range n.keys {
		if k == r {
			return n.next[i]
		}
		if k > r {
			break
		}
	}
	return 0
}

// wordIndex holds the dictionaries in the shapes the word-level extractors
// look them up in. It is read-only after newWordIndex and so safe to share.
type wordIndex struct {
	root      []int32 // root[r]: the root's child for rune r < 0x10000, 0 if none
	nodes     []trieNode
	pays      []payload
	attackers []dict.Attacker
}

func newWordIndex(d *dict.Dict) *wordIndex {
	w := &wordIndex{root: make([]int32, 0x10000), nodes: []trieNode{{}}, attackers: d.Attackers}
	for i, a := range d.Attackers {
		for _, al := range a.Aliases {
			w.add(al, payload{kind: payAttacker, attacker: i, id: a.Kind, ambiguous: strings.HasPrefix(al, "~")})
		}
	}
	for _, t := range d.Categories {
		w.add(t.Surface, payload{kind: payCategory, id: t.ID})
	}
	for _, t := range d.Incidents {
		w.add(t.Surface, payload{kind: payIncident, id: t.ID, cond: t.Cond})
	}
	for _, t := range d.Cues {
		w.add(t.Surface, payload{kind: payCue, id: t.ID})
	}
	return w
}

func (w *wordIndex) add(surface string, p payload) {
	switch p.kind {
	case payCue:
		p.bit = cueBit[p.id]
	case payIncident:
		if p.cond == "" {
			switch {
			case cyberTypes[p.id]:
				p.bit = cueBit[dict.CueCyber]
			case p.id == "theft":
				p.bit = cueBit[condTheft]
			}
		}
	}
	key := dict.AliasKey(surface)
	if key == "" {
		return
	}
	n := int32(0)
	for _, r := range key {
		nx := w.nodes[n].child(r)
		if nx == 0 {
			nx = int32(len(w.nodes))
			w.nodes = append(w.nodes, trieNode{})
			nd := &w.nodes[n]
			i := 0
			for i < len(nd.keys) && nd.keys[i] < r {
				i++
			}
			nd.keys = append(nd.keys[:i], append([]rune{r}, nd.keys[i:]...)...)
			nd.next = append(nd.next[:i], append([]int32{nx}, nd.next[i:]...)...)
			if n == 0 && r < rune(len(w.root)) {
				w.root[r] = nx
			}
		}
		n = nx
	}
	w.pays = append(w.pays, p)
	w.nodes[n].pays = append(w.nodes[n].pays, int32(len(w.pays)-1))
}

// match is one dictionary key found in the normalised text.
type match struct {
	start, end int // normalised rune offsets
	pay        *payload
}

func isKeySep(r rune) bool {
	return r == ' ' || r == '-' || r == '.' || r == '_' || r == '・' || r == '\t'
}

func lowerASCII(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// scan finds every key occurrence. Matches inside a stop word (役職員,
// 暗号化機能) are dropped; the rest are sorted by start.
func (w *wordIndex) scan(runes []rune) []match {
	var out []match
	stopEnd := -1
	for i := 0; i < len(runes); i++ {
		if isKeySep(runes[i]) {
			continue
		}
		if asciiAlnum(runes[i]) && i > 0 && asciiAlnum(runes[i-1]) {
			continue // inside an ASCII word
		}
		n := int32(0)
		first := len(out)
		for j := i; j < len(runes); j++ {
			r := lowerASCII(runes[j])
			if j > i && isKeySep(r) {
				continue
			}
			var nx int32
			if n == 0 && r < rune(len(w.root)) {
				nx = w.root[r]
			} else {
				nx = w.nodes[n].child(r)
			}
			if nx == 0 {
				break
			}
			n = nx
			if len(w.nodes[n].pays) == 0 {
				continue
			}
			if asciiAlnum(r) && j+1 < len(runes) && asciiAlnum(runes[j+1]) {
				continue // the key ends inside an ASCII word
			}
			for _, p := range w.nodes[n].pays {
				out = append(out, match{start: i, end: j + 1, pay: &w.pays[p]})
			}
		}
		for _, m := range out[first:] {
			if isStop(m) && m.end > stopEnd {
				stopEnd = m.end
			}
		}
		if stopEnd > i {
			// inside a stop word: drop what it covers
			k := first
			for _, m := range out[first:] {
				if isStop(m) || m.end > stopEnd {
					out[k] = m
					k++
				}
			}
			out = out[:k]
		}
	}
	return out
}

func isStop(m match) bool { return m.pay.kind == payCue && m.pay.id == dict.CueStop }
