package incident

import (
	"regexp"
	"strings"
	"time"
)

// features are what the grouping rules read of one document.
type features struct {
	doc       *Doc
	key       string // Key(victim)
	pubKey    string // Key(publisher)
	aliasOf   string // Key(publisher) when this notice of the publisher names it in its text
	news      bool
	published time.Time // zero when unknown

	followUp  bool            // says it continues an earlier report
	refDates  map[string]bool // dates of earlier notices it refers to (X月X日にお知らせした)
	incDates  map[string]bool // the incident's dates it states (day precision, before publication)
	attackers map[string]bool
	claimed   map[string]bool // attackers named beside a claim word
	types     map[string]bool
	count     *Count // its largest record count
}

// chainRE finds the words of a report that continues an earlier one, in
// the title and the beginning of the text.
var chainRE = regexp.MustCompile(`第\s*(?:[2-9２-９]|[1-9１-９][0-9０-９]|[二三四五六七八九]|十[一二三四五六七八九]?)\s*報|続報|最終報|調査結果|経過報告|進捗状況|続編|(?:既報|先般|前回|先日)(?:の|お知らせ|ご報告|公表|発表|掲載)`)

// refRE follows a date mention: the date is that of an earlier notice.
var refRE = regexp.MustCompile(`^(?:付け?|付で|に|にて|の|で)?\s*(?:お知らせ|公表|ご報告|報告|発表|公開|掲載|ご案内|通知)`)

// recordCounters are the counters of records and people (not 社, 台, 回).
var recordCounters = map[string]bool{"件": true, "名": true, "人": true, "人分": true, "名分": true, "件分": true, "名様": true}

// chainHead is how much of the text is searched for report-chain words.
const chainHead = 600

func analyse(d *Doc) *features {
	f := &features{
		doc:       d,
		key:       Key(d.Victim),
		refDates:  map[string]bool{},
		incDates:  map[string]bool{},
		attackers: map[string]bool{},
		claimed:   map[string]bool{},
		types:     map[string]bool{},
	}
	if d.Publisher != "" {
		f.pubKey = Key(d.Publisher)
		if f.pubKey != f.key && SelfReference(d.Text) && !ReportsOnOther(d.Text) {
			f.aliasOf = f.pubKey
		}
	}
	if t, err := time.Parse(time.DateOnly, d.Published); err == nil {
		f.published = t
	}
	runes := []rune(d.Text)
	head := string(runes[:min(len(runes), chainHead)])
	f.followUp = chainRE.MatchString(d.Title) || chainRE.MatchString(head)

	for _, dt := range d.Dates {
		if dt.Precision != "day" {
			continue
		}
		if dt.End >= 0 && dt.End <= len(runes) {
			after := string(runes[dt.End:min(len(runes), dt.End+12)])
			if refRE.MatchString(after) {
				f.refDates[dt.Value] = true
				continue
			}
		}
		if f.published.IsZero() {
			f.incDates[dt.Value] = true
			continue
		}
		t, err := time.Parse(time.DateOnly, dt.Value)
		if err != nil || !t.Before(f.published) || f.published.Sub(t) > DateWindow {
			continue
		}
		f.incDates[dt.Value] = true
	}
	claims := loadWords().claim
	for _, a := range d.Attackers {
		f.attackers[a.Name] = true
		if a.Start >= 0 && a.End <= len(runes) && a.Start <= a.End {
			ctx := string(runes[max(0, a.Start-40):min(len(runes), a.End+40)])
			if containsAny(ctx, claims) {
				f.claimed[a.Name] = true
			}
		}
	}
	for _, t := range d.Types {
		f.types[t] = true
	}
	for i, c := range d.Counts {
		if !recordCounters[c.Counter] {
			continue
		}
		if f.count == nil || c.Value > f.count.Value {
			f.count = &d.Counts[i]
		}
	}
	return f
}

func overlaps(a, b map[string]bool) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

func titleOrText(d *Doc) string {
	if strings.TrimSpace(d.Title) != "" {
		return d.Title
	}
	return d.URL
}
