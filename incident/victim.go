package incident

import (
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/kohyo-dev/kohyo/dict"
)

// Victim sources: where a document's victim came from.
const (
	VictimFromText      = "text"      // the text names the organisation
	VictimFromPublisher = "publisher" // the text says only 当社/本市 (or names no one): the page's publisher
)

// words are the dictionary lists this package reads.
type words struct {
	legal []string // legal forms, longest first (株式会社, 医療法人社団)
	self  []string // the issuer's word for itself: 当社, 弊社, 本市, 当院
	other []string // a reporter's word for the organisation it reports on: 同社, 同市
	claim []string // an attacker's claim: 犯行声明, リークサイト

	orgSuffix []string // words that end an organisation's name: 市, 病院, 大学
}

var loadWords = sync.OnceValue(func() words {
	var w words
	d, err := dict.Default()
	if err != nil { // cannot happen: the embedded dictionaries are checked by dict's tests
		return w
	}
	for _, c := range d.Cues {
		switch c.ID {
		case dict.CueLegal:
			w.legal = append(w.legal, norm.NFKC.String(c.Surface))
		case dict.CueSelf:
			switch r, _ := utf8.DecodeRuneInString(c.Surface); r {
			case '当', '本', '弊':
				w.self = append(w.self, c.Surface)
			case '同':
				w.other = append(w.other, c.Surface)
			}
		case dict.CueClaim:
			w.claim = append(w.claim, c.Surface)
		case dict.CueOrgSuffix:
			w.orgSuffix = append(w.orgSuffix, c.Surface)
		}
	}
	// Longest first, so that 医療法人社団 goes before 医療法人.
	sortLongestFirst(w.legal)
	return w
})

func sortLongestFirst(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && utf8.RuneCountInString(s[j]) > utf8.RuneCountInString(s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// Key is the form organisation names are grouped by: NFKC, lower case,
// without white space, ヶ as ケ, without legal forms (株式会社ミナトテック,
// ミナトテック株式会社 and ㈱ミナトテック are one key).
func Key(name string) string {
	s := strings.ToLower(norm.NFKC.String(name))
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000':
			continue
		case r == 'ヶ' || r == 'ヵ':
			b.WriteRune('ケ')
		default:
			b.WriteRune(r)
		}
	}
	s = b.String()
	for _, f := range loadWords().legal {
		s = strings.ReplaceAll(s, strings.ToLower(f), "")
	}
	return s
}

// SelfReference reports whether text calls its issuer 当社, 弊社, 本市,
// 本県, 本学, 当院, 当法人 (the dictionary's self-references).
func SelfReference(text string) bool {
	return containsAny(text, loadWords().self)
}

// newsVerbs are the plain-form verbs a news article reports with;
// an organisation's own notice writes 公表いたしました, お知らせします.
var newsVerbs = []string{"発表した", "公表した", "明らかにした", "発表している", "公表している", "によると", "と説明している", "としている"}

// ReportsOnOther reports whether text reads like a report about another
// organisation: 同社 / 同市, or 発表した, 公表した, によると in plain form.
func ReportsOnOther(text string) bool {
	return containsAny(text, loadWords().other) || containsAny(text, newsVerbs)
}

func containsAny(s string, subs []string) bool {
	for _, w := range subs {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// ResolveVictim decides a document's victim from its title and text,
// what the extractor found in the text (found, "" when none) and the
// page's publisher ("" when unknown):
//
//   - a victim named in the text wins (source text), unless it is no
//     name at all (株式会社の名前: a fragment, see garbled);
//   - else a text that calls its issuer 当社/本市/... is the publisher's
//     own notice (source publisher);
//   - else a text that reports on someone else (同社, 発表した) takes its
//     subject from the text (see newsSubject; source text), and never the
//     publisher: a news outlet is never the victim of events it reports;
//   - else (no name at all) the publisher.
//
// It returns "" and "" when there is no victim.
func ResolveVictim(title, text, found, publisher string) (victim, source string) {
	if strings.TrimSpace(found) != "" && !garbled(found) {
		return found, VictimFromText
	}
	self := SelfReference(text)
	if !self && ReportsOnOther(text) {
		if v := newsSubject(title, text); v != "" {
			return v, VictimFromText
		}
		return "", ""
	}
	if publisher != "" {
		return publisher, VictimFromPublisher
	}
	return "", ""
}
