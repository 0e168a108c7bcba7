package extract

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kohyo-dev/kohyo/dict"
	"golang.org/x/text/unicode/norm"
)

// Gold is the gold annotation of one document (contract §9). A nil field is
// not scored for that document.
type Gold struct {
	Dates         []string   `json:"dates"`
	Counts        []int64    `json:"counts"`
	Attackers     [][]string `json:"attackers"`
	Categories    []string   `json:"categories"`
	IncidentTypes []string   `json:"incident_types"`
	Victim        *string    `json:"victim"`
	present       map[string]bool
}

// Fields lists the scored fields in the scorer's order.
var Fields = []string{"dates", "counts", "attackers", "categories", "incident_types", "victim"}

// FieldScore is the micro-averaged tally of one field.
type FieldScore struct {
	Field      string
	TP, FP, FN int
}

// P, R and F1 of the tally (0 when undefined), as score.py computes them.
func (s FieldScore) P() float64 { return ratio(s.TP, s.TP+s.FP) }
func (s FieldScore) R() float64 { return ratio(s.TP, s.TP+s.FN) }
func (s FieldScore) F1() float64 {
	p, r := s.P(), s.R()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Scorer accumulates scores over documents with the rules of
// ../shared/eval/score.py; where they differ, the scorer is right.
type Scorer struct {
	totals map[string]*FieldScore
	Errors []string // one line per document and field that differs
}

// NewScorer returns an empty Scorer.
func NewScorer() *Scorer {
	s := &Scorer{totals: map[string]*FieldScore{}}
	for _, f := range Fields {
		s.totals[f] = &FieldScore{Field: f}
	}
	return s
}

// MarkPresent records which gold fields a JSON object had (a missing field
// is not scored). Call it with the keys of the "gold" object.
func (g *Gold) MarkPresent(keys []string) {
	g.present = map[string]bool{}
	for _, k := range keys {
		g.present[k] = true
	}
}

func (g *Gold) has(field string) bool { return g.present == nil || g.present[field] }

// Add scores one document's prediction (nil: no prediction) against its gold.
func (s *Scorer) Add(id string, g *Gold, r *Result) {
	if r == nil {
		r = &Result{}
	}
	for _, f := range Fields {
		if !g.has(f) {
			continue
		}
		tp, fp, fn, detail := scoreField(f, g, r)
		t := s.totals[f]
		t.TP += tp
		t.FP += fp
		t.FN += fn
		if detail != "" {
			s.Errors = append(s.Errors, id+": "+detail)
		}
	}
}

// Scores returns the tallies of the fields that had anything to score.
func (s *Scorer) Scores() []FieldScore {
	var out []FieldScore
	for _, f := range Fields {
		t := s.totals[f]
		if t.TP+t.FP+t.FN > 0 {
			out = append(out, *t)
		}
	}
	return out
}

// Overall is the mean F1 of the scored fields.
func (s *Scorer) Overall() float64 {
	sc := s.Scores()
	if len(sc) == 0 {
		return 0
	}
	sum := 0.0
	for _, f := range sc {
		sum += f.F1()
	}
	return sum / float64(len(sc))
}

// Report prints the table score.py prints.
func (s *Scorer) Report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-15s %6s %6s %6s  tp/fp/fn\n", "field", "P", "R", "F1")
	for _, f := range s.Scores() {
		fmt.Fprintf(&b, "%-15s %6.3f %6.3f %6.3f  %d/%d/%d\n", f.Field, f.P(), f.R(), f.F1(), f.TP, f.FP, f.FN)
	}
	fmt.Fprintf(&b, "overall F1 %.3f\n", s.Overall())
	return b.String()
}

// AliasKey is how attacker names are compared: the dictionary's key
// (dict.AliasKey: lower case, without white space, '-', '.', '_', '・')
// after NFKC, so that full-width names compare too. The project has this
// one key.
func AliasKey(s string) string {
	return dict.AliasKey(norm.NFKC.String(s))
}

var spaceRE = regexp.MustCompile(`\s`)

// VictimKey is how victims are compared (contract §7).
func VictimKey(s string) string {
	s = norm.NFKC.String(s)
	s = strings.ReplaceAll(spaceRE.ReplaceAllString(s, ""), "ヶ", "ケ")
	for _, f := range legalForms {
		s = strings.ReplaceAll(s, norm.NFKC.String(f), "")
	}
	return s
}

// VictimsMatch reports whether two victim keys match: equal, or one
// contains the other and the shorter has at least 3 characters.
func VictimsMatch(g, p string) bool {
	if g == p {
		return true
	}
	short, long := g, p
	if len([]rune(short)) > len([]rune(long)) {
		short, long = long, short
	}
	return len([]rune(short)) >= 3 && strings.Contains(long, short)
}

func scoreField(field string, g *Gold, r *Result) (tp, fp, fn int, detail string) {
	switch field {
	case "victim":
		gk, pk := "", ""
		if g.Victim != nil {
			gk = VictimKey(*g.Victim)
		}
		if r.Victim != nil {
			pk = VictimKey(*r.Victim)
		}
		if gk == "" && pk == "" {
			return 0, 0, 0, ""
		}
		if gk != "" && pk != "" && VictimsMatch(gk, pk) {
			return 1, 0, 0, ""
		}
		if pk != "" {
			fp = 1
		}
		if gk != "" {
			fn = 1
		}
		gs, ps := "None", "None"
		if g.Victim != nil {
			gs = strconv.Quote(*g.Victim)
		}
		if pk != "" {
			ps = strconv.Quote(pk)
		}
		return 0, fp, fn, fmt.Sprintf("victim gold=%s pred=%s", gs, ps)
	case "attackers":
		groups := make([]map[string]bool, len(g.Attackers))
		for i, grp := range g.Attackers {
			groups[i] = map[string]bool{}
			for _, a := range grp {
				groups[i][AliasKey(a)] = true
			}
		}
		hit := map[int]bool{}
		var fps, fns []string
		for _, name := range distinct(func(yield func(string)) {
			for _, a := range r.Attackers {
				yield(AliasKey(a.Name))
			}
		}) {
			idx := -1
			for i, grp := range groups {
				if grp[name] {
					idx = i
					break
				}
			}
			if idx < 0 || hit[idx] {
				fps = append(fps, name)
			} else {
				hit[idx] = true
			}
		}
		for i, grp := range groups {
			if !hit[i] {
				fns = append(fns, slices.Sorted(maps.Keys(grp))[0])
			}
		}
		if len(fps)+len(fns) > 0 {
			detail = fmt.Sprintf("attackers missing=%v extra=%v", fns, fps)
		}
		return len(hit), len(fps), len(fns), detail
	}
	var gold, pred []string
	switch field {
	case "dates":
		gold = g.Dates
		for _, d := range r.Dates {
			pred = append(pred, d.Value)
		}
	case "counts":
		for _, c := range g.Counts {
			gold = append(gold, strconv.FormatInt(c, 10))
		}
		for _, c := range r.Counts {
			pred = append(pred, strconv.FormatInt(c.Value, 10))
		}
	case "categories":
		gold = g.Categories
		for _, c := range r.Categories {
			pred = append(pred, c.Category)
		}
	case "incident_types":
		gold, pred = g.IncidentTypes, r.IncidentTypes
	}
	gs, ps := set(gold), set(pred)
	var missing, extra []string
	for k := range gs {
		if ps[k] {
			tp++
		} else {
			missing = append(missing, k)
		}
	}
	for k := range ps {
		if !gs[k] {
			extra = append(extra, k)
		}
	}
	if len(missing)+len(extra) > 0 {
		sort.Strings(missing)
		sort.Strings(extra)
		detail = fmt.Sprintf("%s missing=%v extra=%v", field, missing, extra)
	}
	return tp, len(extra), len(missing), detail
}

func set(s []string) map[string]bool {
	m := make(map[string]bool, len(s))
	for _, v := range s {
		m[v] = true
	}
	return m
}

func distinct(seq func(func(string))) []string {
	seen := map[string]bool{}
	var out []string
	seq(func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	})
	return out
}
