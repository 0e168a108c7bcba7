package web

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Filter selects incidents. The zero value selects all.
type Filter struct {
	Year     string // YYYY of the first publication
	Type     string // an incident type id
	Attacker string // an attacker name (case-insensitive)
	Victim   string // a substring of the victim (case-insensitive)
	Since    string // YYYY-MM-DD, first publication on or after
	Until    string // YYYY-MM-DD, first publication on or before
}

// FilterError is a request parameter that cannot be used (HTTP 400).
type FilterError struct {
	Param, Value, Reason string
}

func (e *FilterError) Error() string {
	return fmt.Sprintf("bad parameter %s=%q: %s", e.Param, e.Value, e.Reason)
}

var (
	yearRE = regexp.MustCompile(`^[12][0-9]{3}$`)
	idRE   = regexp.MustCompile(`^[a-z][a-z_]{0,39}$`)
)

const maxParamLen = 200

// perPage is the number of incidents on one page of the list.
const perPage = 50

// ParseFilter reads and validates the filter parameters of a request:
// year, type, attacker, victim, since, until. An unknown parameter is
// ignored; a malformed value is a *FilterError.
func ParseFilter(q url.Values) (Filter, error) {
	f := Filter{
		Year:     strings.TrimSpace(q.Get("year")),
		Type:     strings.TrimSpace(q.Get("type")),
		Attacker: strings.TrimSpace(q.Get("attacker")),
		Victim:   strings.TrimSpace(q.Get("victim")),
		Since:    strings.TrimSpace(q.Get("since")),
		Until:    strings.TrimSpace(q.Get("until")),
	}
	for name, v := range map[string]string{"attacker": f.Attacker, "victim": f.Victim} {
		if len(v) > maxParamLen || !utf8.ValidString(v) {
			return f, &FilterError{name, v, "longer than 200 bytes or not UTF-8"}
		}
	}
	if f.Year != "" && !yearRE.MatchString(f.Year) {
		return f, &FilterError{"year", f.Year, "want a year such as 2024"}
	}
	if f.Type != "" && !idRE.MatchString(f.Type) {
		return f, &FilterError{"type", f.Type, "want an incident type id such as ransomware"}
	}
	for name, v := range map[string]string{"since": f.Since, "until": f.Until} {
		if v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return f, &FilterError{name, v, "want a date YYYY-MM-DD"}
		}
	}
	if f.Since != "" && f.Until != "" && f.Since > f.Until {
		return f, &FilterError{"until", f.Until, "before since"}
	}
	return f, nil
}

// parsePage reads the 1-based page parameter.
func parsePage(q url.Values) (int, error) {
	s := q.Get("page")
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 1_000_000 {
		return 0, &FilterError{"page", s, "want a page number from 1"}
	}
	return n, nil
}

// Match reports whether the incident passes the filter.
func (f Filter) Match(in Incident) bool {
	switch {
	case f.Year != "" && in.Year() != f.Year,
		f.Type != "" && !slices.Contains(in.Types, f.Type),
		f.Attacker != "" && !slices.ContainsFunc(in.Attackers, func(a string) bool { return strings.EqualFold(a, f.Attacker) }),
		f.Victim != "" && !strings.Contains(strings.ToLower(in.Victim), strings.ToLower(f.Victim)),
		f.Since != "" && (in.FirstPublished == "" || in.FirstPublished < f.Since),
		f.Until != "" && (in.FirstPublished == "" || in.FirstPublished > f.Until):
		return false
	}
	return true
}

// Query returns the filter as URL parameters (empty ones left out).
func (f Filter) Query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{"year": f.Year, "type": f.Type, "attacker": f.Attacker,
		"victim": f.Victim, "since": f.Since, "until": f.Until} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q
}

// IsZero reports whether the filter selects everything.
func (f Filter) IsZero() bool { return f == Filter{} }

func filterIncidents(all []Incident, f Filter) []Incident {
	out := []Incident{}
	for _, in := range all {
		if f.Match(in) {
			out = append(out, in)
		}
	}
	return out
}

// Facet is one value of a filter with the number of incidents having it.
type Facet struct {
	Value string `json:"value"`
	Label string `json:"label"`
	N     int    `json:"n"`
}

// Facets count the incidents (of the whole corpus) per filter value.
type Facets struct {
	Years     []Facet `json:"years"`
	Types     []Facet `json:"types"`
	Attackers []Facet `json:"attackers"`
}

func facets(all []Incident) Facets {
	years, types, attackers := map[string]int{}, map[string]int{}, map[string]int{}
	for _, in := range all {
		if y := in.Year(); y != "" {
			years[y]++
		}
		for _, t := range in.Types {
			types[t]++
		}
		for _, a := range in.Attackers {
			attackers[a]++
		}
	}
	f := Facets{Years: facetList(years, nil), Types: facetList(types, typeLabel), Attackers: facetList(attackers, nil)}
	slices.SortFunc(f.Years, func(a, b Facet) int { return strings.Compare(b.Value, a.Value) })
	return f
}

// facetList sorts by count, then value.
func facetList(m map[string]int, label func(string) string) []Facet {
	out := []Facet{}
	for v, n := range m {
		l := v
		if label != nil {
			l = label(v)
		}
		out = append(out, Facet{Value: v, Label: l, N: n})
	}
	slices.SortFunc(out, func(a, b Facet) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out
}
