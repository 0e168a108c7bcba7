package web

import (
	"slices"
	"strings"
	"time"
)

// Stats are the corpus's incident counts, as the annual surveys count them:
// per incident (per incident document before consolidation), by the date
// of its first publication.
type Stats struct {
	Layout         string          `json:"layout"`
	Filter         Filter          `json:"-"`
	Incidents      int             `json:"incidents"`
	Undated        int             `json:"undated"` // incidents without a publication date (left out of the time series)
	PerMonth       []KV            `json:"per_month"`
	PerYearByType  map[string][]KV `json:"per_year_by_type"` // year → type counts (an incident of two types counts for both)
	RecordsPerYear []KV            `json:"records_per_year"` // sum of each incident's largest stated count
	TopAttackers   []KV            `json:"top_attackers"`
	TopCategories  []KV            `json:"top_categories"`
	Types          []string        `json:"types"`
	Years          []string        `json:"years"`
	yearType       map[string]map[string]int64
}

const topN = 10

func computeStats(layout string, all []Incident, f Filter) *Stats {
	st := &Stats{Layout: layout, Filter: f, PerYearByType: map[string][]KV{}, yearType: map[string]map[string]int64{}}
	months, records := map[string]int64{}, map[string]int64{}
	attackers, cats, types := map[string]int64{}, map[string]int64{}, map[string]int64{}
	for _, in := range all {
		if !f.Match(in) {
			continue
		}
		st.Incidents++
		for _, a := range in.Attackers {
			attackers[a]++
		}
		for _, c := range in.Categories {
			cats[c]++
		}
		y := in.Year()
		if len(in.FirstPublished) < 7 {
			st.Undated++
			continue
		}
		months[in.FirstPublished[:7]]++
		if in.MaxCount != nil {
			records[y] += *in.MaxCount
		}
		if st.yearType[y] == nil {
			st.yearType[y] = map[string]int64{}
		}
		for _, t := range in.Types {
			st.yearType[y][t]++
			types[t]++
		}
	}
	st.PerMonth = monthSeries(months)
	for y := range st.yearType {
		st.Years = append(st.Years, y)
	}
	slices.Sort(st.Years)
	for _, kv := range ranked(types, 0, typeLabel) {
		st.Types = append(st.Types, kv.Key)
	}
	for _, y := range st.Years {
		for _, t := range st.Types {
			if n := st.yearType[y][t]; n > 0 {
				st.PerYearByType[y] = append(st.PerYearByType[y], KV{Key: t, Label: typeLabel(t), N: n})
			}
		}
	}
	for _, y := range st.Years {
		st.RecordsPerYear = append(st.RecordsPerYear, KV{Key: y, N: records[y]})
	}
	st.TopAttackers = ranked(attackers, topN, nil)
	st.TopCategories = ranked(cats, topN, categoryLabel)
	return st
}

// monthSeries fills the months between the first and the last with zeros,
// so that the time axis is linear.
func monthSeries(m map[string]int64) []KV {
	out := []KV{}
	if len(m) == 0 {
		return out
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	first, err1 := time.Parse("2006-01", keys[0])
	last, err2 := time.Parse("2006-01", keys[len(keys)-1])
	if err1 != nil || err2 != nil || last.Sub(first) > 100*366*24*time.Hour {
		for _, k := range keys {
			out = append(out, KV{Key: k, N: m[k]})
		}
		return out
	}
	for t := first; !t.After(last); t = t.AddDate(0, 1, 0) {
		k := t.Format("2006-01")
		out = append(out, KV{Key: k, N: m[k]})
	}
	return out
}

// ranked sorts by count (then key) and keeps the first n (all when n is 0).
func ranked(m map[string]int64, n int, label func(string) string) []KV {
	out := []KV{}
	for k, v := range m {
		kv := KV{Key: k, N: v}
		if label != nil {
			kv.Label = label(k)
		}
		out = append(out, kv)
	}
	slices.SortFunc(out, func(a, b KV) int {
		if a.N != b.N {
			if a.N > b.N {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Key, b.Key)
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// Charts draws the statistics.
func (st *Stats) Charts() []Chart {
	var series []stackSeries
	for _, t := range st.Types {
		s := stackSeries{Label: typeLabel(t), Values: map[string]int64{}}
		for _, y := range st.Years {
			s.Values[y] = st.yearType[y][t]
		}
		series = append(series, s)
	}
	return []Chart{
		columnChart("chart-per-month", "月別インシデント件数 (incidents per month)", "公表月 (month of first publication)", "件数 (incidents)", st.PerMonth),
		stackedChart("chart-per-year-type", "年別・種別インシデント件数 (incidents per year by type)", "公表年 (year)", "件数 (incidents)", st.Years, series),
		columnChart("chart-records-per-year", "年別漏えい件数 (records per year)", "公表年 (year)", "件数 (records, largest stated count)", st.RecordsPerYear),
		barChart("chart-top-attackers", "攻撃者 上位 (top attackers)", "件数 (incidents)", "攻撃者 (attacker)", st.TopAttackers),
		barChart("chart-top-categories", "漏えい項目 上位 (top leaked data categories)", "件数 (incidents)", "項目 (category)", st.TopCategories),
	}
}
