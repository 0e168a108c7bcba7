package incident

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// features are what the grouping rules read of one document.
type features struct {
	doc       *Doc
	key       string // Key(victim)
	pubKey    string // Key(publisher)
	aliasOf   string // Key(publisher) when this notice of the publisher names it in its text
	own       bool   // the text speaks as its issuer (当社, 本市) and does not report on another
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

// continues reports whether s has the words of a report that continues
// an earlier one: 第N報 (N ≥ 2), 続報, 最終報, 既報, 調査結果, 経過報告,
// 進捗状況, 続編, 先般の/前回の/先日のお知らせ. Written out rather than
// as one regular expression: it runs on every incident document and
// 情報 puts a 報 in nearly all of them.
func continues(s string) bool {
	for _, w := range continueWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	for i := strings.Index(s, "報"); i >= 0; {
		if nthReport(s[:i]) {
			return true
		}
		j := strings.Index(s[i+len("報"):], "報")
		if j < 0 {
			break
		}
		i += len("報") + j
	}
	return false
}

var continueWords = []string{"続報", "最終報", "既報", "調査結果", "経過報告", "進捗状況", "続編",
	"先般のお知らせ", "前回のお知らせ", "先日のお知らせ", "先般お知らせ", "前回お知らせ", "先日お知らせ"}

// nthReport: before ends in 第N with N ≥ 2 (2, ２, 12, 二, 十一), spaces allowed.
func nthReport(before string) bool {
	s := strings.TrimRight(before, " 　")
	num := ""
	for {
		r, n := utf8.DecodeLastRuneInString(s)
		if n == 0 || !strings.ContainsRune("0123456789０１２３４５６７８９一二三四五六七八九十", r) {
			break
		}
		num = string(r) + num
		s = s[:len(s)-n]
	}
	s = strings.TrimRight(s, " 　")
	if num == "" || !strings.HasSuffix(s, "第") {
		return false
	}
	switch num {
	case "1", "１", "一", "01", "０１":
		return false
	}
	return true
}

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
	f.own = SelfReference(d.Text) && !ReportsOnOther(d.Text)
	if d.Publisher != "" {
		f.pubKey = Key(d.Publisher)
		if f.pubKey != f.key && f.own {
			f.aliasOf = f.pubKey
		}
	}
	if t, err := time.Parse(time.DateOnly, d.Published); err == nil {
		f.published = t
	}
	runes := []rune(d.Text)
	head := string(runes[:min(len(runes), chainHead)])
	f.followUp = continues(d.Title) || continues(head)

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
