package incident

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A news article names the organisation it reports on; when the
// extractor found no victim in it (or a fragment that is no name), the
// article's subject is taken, in this order:
//
//  1. the subject of the first sentences that report an announcement:
//     「精密部品メーカーのアオバ精機株式会社は5月10日、…と発表した」
//     (the words before は/が, after the last descriptor の);
//  2. the first organisation written with a legal form (アオバ精機株式会社);
//  3. the headline's subject when it looks like an organisation
//     (「みなと市、USBメモリを紛失」).

// announceRE: a sentence that reports an announcement.
var announceRE = regexp.MustCompile(`発表|公表|明らかに|によると`)

// nameRun: characters of an organisation's name.
func nameRune(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Katakana, r) || r == 'ー' || r == '・' || r == '々' || r == 'ヶ' ||
		unicode.IsLetter(r) && r < 0x3000 || unicode.IsDigit(r) || r == '&' || r == '＆' ||
		r >= 'Ａ' && r <= 'Ｚ' || r >= 'ａ' && r <= 'ｚ'
}

// newsSubject finds the organisation a news text reports on, or "".
func newsSubject(title, text string) string {
	sentences := splitSentences(text)
	for i, s := range sentences {
		if i >= 3 {
			break
		}
		if !announceRE.MatchString(s) {
			continue
		}
		if v := sentenceSubject(s); v != "" {
			return v
		}
	}
	if v := firstLegalOrg(text); v != "" {
		return v
	}
	if v := headlineSubject(title); v != "" && looksOrg(v) {
		return v
	}
	return ""
}

func splitSentences(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == '。' || r == '\n' })
}

// sentenceSubject: the words before the first は or が, when no 、 or 「
// comes before it, after the last の (精密部品メーカーの) and before a
// parenthesis (株式会社X（長野県）).
func sentenceSubject(s string) string {
	i := strings.IndexAny(s, "はが")
	if i <= 0 {
		return ""
	}
	head := s[:i]
	if strings.ContainsAny(head, "、，「」『』") {
		return ""
	}
	if j := strings.IndexAny(head, "（("); j > 0 {
		head = head[:j]
	}
	if j := strings.LastIndex(head, "の"); j >= 0 {
		head = head[j+len("の"):]
	}
	head = strings.TrimSpace(head)
	if !looksOrg(head) {
		return ""
	}
	return head
}

// firstLegalOrg: the first name written with a legal form, with the name
// characters around it.
func firstLegalOrg(text string) string {
	best, at := "", -1
	for _, f := range loadWords().legal {
		i := strings.Index(text, f)
		if i < 0 || at >= 0 && i >= at {
			continue
		}
		// The name after (株式会社X) or before (X株式会社) the form.
		after := nameAfterLegal(text[i+len(f):])
		before := takeWhileBack(text[:i], nameRune)
		switch {
		case after != "" && (before == "" || utf8.RuneCountInString(after) >= 2):
			best, at = f+after, i
		case before != "":
			best, at = before+f, i-len(before)
		}
	}
	return best
}

// nameAfterLegal: the name written after a legal form. Hiragana may open
// it (株式会社ときわ野精工) but end it once other letters came (…精工の名前),
// and a particle before a digit or kanji is no name (株式会社は5月).
func nameAfterLegal(s string) string {
	seenOther := false
	for i, r := range s {
		hira := unicode.Is(unicode.Hiragana, r)
		switch {
		case hira && seenOther:
			return s[:i]
		case hira && i == 0 && particleFirst(s):
			return ""
		case hira:
		case nameRune(r):
			seenOther = true
		default:
			return s[:i]
		}
	}
	return s
}

// particleFirst: s opens with a particle followed by a non-hiragana
// letter (の名前, は5月10日), not a name in hiragana (ときわ野, のぞみ).
func particleFirst(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	if !strings.ContainsRune("はのがをにでともへや", r) {
		return false
	}
	next, _ := utf8.DecodeRuneInString(s[n:])
	return next != utf8.RuneError && !unicode.Is(unicode.Hiragana, next)
}

func takeWhileBack(s string, ok func(rune) bool) string {
	i := len(s)
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:i])
		if !ok(r) {
			break
		}
		i -= n
	}
	return s[i:]
}

// headlineSubject: the headline up to its first 、, に, が, を, で or space.
func headlineSubject(title string) string {
	for i, r := range title {
		switch r {
		case '、', '，', 'に', 'が', 'を', 'で', 'は', ' ', '　', '：', ':':
			return strings.TrimSpace(title[:i])
		}
	}
	return ""
}

// looksOrg: a name with a legal form, or ending in an organisation
// suffix (市, 病院, 大学, ホールディングス), made of name characters.
func looksOrg(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 40 {
		return false
	}
	for _, r := range s {
		// Hiragana too: さいたま市, みなと市 (the caller delimited the name).
		if !nameRune(r) && !unicode.Is(unicode.Hiragana, r) && r != '(' && r != ')' {
			return false
		}
	}
	w := loadWords()
	for _, f := range w.legal {
		if strings.Contains(s, f) {
			return utf8.RuneCountInString(strings.ReplaceAll(s, f, "")) >= 2
		}
	}
	for _, suf := range w.orgSuffix {
		if strings.HasSuffix(s, suf) && utf8.RuneCountInString(s) > utf8.RuneCountInString(suf) {
			return true
		}
	}
	return false
}

// garbled: a victim the extractor found that is no organisation's name
// (株式会社の名前, 株式会社は5月10日): empty once its legal form is
// stripped, or beginning with a particle, or holding a date.
func garbled(victim string) bool {
	k := Key(victim)
	if k == "" || particleFirst(k) {
		return true
	}
	return dateInName.MatchString(k)
}

var dateInName = regexp.MustCompile(`[0-9０-９]+[月日年]`)
