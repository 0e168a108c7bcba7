// Package dict holds kohyo's domain dictionaries as embedded TSV data:
// attacker groups and families with their aliases, the words for each leaked
// data category, incident cue words and the auxiliary cue lists the
// extraction rules use (leak verbs, negations, warnings, legal forms...).
// It also builds the kagome user dictionary from them so that these terms
// tokenise as single units.
//
// File formats (UTF-8, one record a line, '#' starts a comment line):
//
//	attackers.tsv         name <TAB> kind <TAB> alias|alias|...
//	attacker-sources.tsv  name <TAB> basis <TAB> alias <TAB> source|source|...
//	categories.tsv  surface <TAB> category id
//	incidents.tsv   surface <TAB> incident type [<TAB> condition]
//	cues.tsv        surface <TAB> cue kind
//
// An alias written with a leading '~' is ambiguous (an English word or a
// common katakana word): it counts only next to attacker context words.
//
// attackers.tsv and attacker-sources.tsv are generated (go generate) from
// overlay.tsv, words.txt and the MISP galaxy snapshot under source/; see
// internal/dictgen. User dictionaries in the attackers.tsv format add
// entries and aliases at run time (LoadUser).
package dict

//go:generate go run ./internal/dictgen

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"strings"
	"sync"

	kdict "github.com/ikawaha/kagome-dict/dict"
)

//go:embed attackers.tsv attacker-sources.tsv categories.tsv incidents.tsv cues.tsv
var files embed.FS

// Attacker kinds.
const (
	KindRansomware = "ransomware"
	KindMalware    = "malware"
	KindActor      = "actor"
)

// CategoryIDs are the leaked-data category ids of the contract (§5).
var CategoryIDs = []string{
	"name", "address", "phone", "email", "birthdate", "age", "gender",
	"organization", "job_title", "education", "hr", "credit_card",
	"bank_account", "credentials", "member_id", "purchase_history", "health",
	"government_id", "photo", "family", "financial", "vehicle",
}

// IncidentTypes are the incident type ids of the contract (§6).
var IncidentTypes = []string{
	"ransomware", "unauthorized_access", "malware", "phishing", "misdelivery",
	"misconfiguration", "loss", "theft", "insider",
}

// Incident cue conditions (third column of incidents.tsv).
const (
	CondCyber   = "cyber"   // counts only in a sentence with a cyber-context word
	CondInsider = "insider" // counts only in a sentence naming an insider (employee, contractor)
	CondSent    = "sent"    // counts only in a sentence saying mail was sent
	CondCarry   = "carry"   // 持ち出し: needs an insider, and no loss or theft in the document
)

// Cue kinds (second column of cues.tsv).
const (
	CueLeak      = "leak"      // data was leaked, exposed, lost, stolen (prose and headings)
	CueContain   = "contain"   // data was held in / recorded on (headings and labels only)
	CueNegation  = "neg"       // negates what precedes (対象外, なし)
	CuePositive  = "pos"       // looks negative but is not (否定できない)
	CueWarning   = "warn"      // a warning to readers (ご注意ください)
	CueNote      = "note"      // a sentence opener that starts an aside (なお, ※)
	CueStop      = "stop"      // a longer word that blocks a shorter match (役職員, 暗号化機能)
	CueGeneric   = "generic"   // a generic word that is never an attacker name
	CueGroup     = "group"     // a word for an attacker group (グループ, 集団)
	CueAttackCtx = "attackctx" // attacker context that licenses ambiguous aliases
	CueNaming    = "naming"    // 名乗る, 呼ばれる: 「X」と名乗る集団
	CueCyber     = "cyber"     // cyber context (ネットワーク, サーバー) for conditional cues
	CueInsider   = "insider"   // an insider actor (従業員, 委託先)
	CueSent      = "sent"      // mail was sent (送信)
	CueLegal     = "legal"     // an organisation's legal form (株式会社)
	CueOrgSuffix = "orgsuffix" // a word that ends an organisation name (市, 病院, 大学)
	CueRep       = "rep"       // a representative's title (代表取締役, 院長)
	CueTitle     = "title"     // a word of a release title (お知らせ, お詫び)
	CueAnnounce  = "announce"  // a news verb of announcing (発表, 公表)
	CueSelf      = "self"      // a self-reference that is no name (当社, 同社)
	CueNotOrg    = "notorg"    // a generic noun that ends no organisation name (個人情報, お客様)
	CuePrevent   = "prevent"   // prevention, policy or a hypothetical (防止するため, 万一…場合): no incident
	CueKin       = "kin"       // a family member (保護者, 配偶者): 保護者の氏名 is family data
	CueClaim     = "claim"     // an attacker's claim (犯行声明, リークサイト): 「X」を名乗る犯行声明
	CueTopic     = "topic"     // a title word of a business topic (決算, 新製品, 人事異動)
	CueApology   = "apology"   // a title word of an apology (お詫び): one incident cue suffices
	CueElsewhere = "elsewhere" // a leak at another organisation (他社サービスから流出した ID)
)

// CueKinds lists every cue kind cues.tsv may use.
var CueKinds = []string{
	CueLeak, CueContain, CueNegation, CuePositive, CueWarning, CueNote,
	CueStop, CueGeneric, CueGroup, CueAttackCtx, CueNaming, CueCyber,
	CueInsider, CueSent, CueLegal, CueOrgSuffix, CueRep, CueTitle,
	CueAnnounce, CueSelf, CueNotOrg, CuePrevent, CueKin, CueClaim, CueTopic,
	CueApology, CueElsewhere,
}

// Attacker is one dictionary entry: a canonical name, its kind (ransomware,
// malware, actor) and every alias it is written as (the canonical name
// included). Ambiguous aliases keep their leading '~'.
type Attacker struct {
	Name    string
	Kind    string
	Aliases []string
	// Sources maps an alias key (AliasKey) to where the alias came from:
	// "overlay", "misp-galaxy/cluster:value", or a user dictionary file.
	Sources map[string][]string
	// Basis says why the entry is in the dictionary (leak, jp, kept, user).
	Basis []string
}

// Term maps a surface word to an id (a category id, an incident type or a
// cue kind). Cond is an optional condition (incident cues only).
type Term struct {
	Surface string
	ID      string
	Cond    string
}

// Dict is the parsed set of dictionaries.
type Dict struct {
	Attackers  []Attacker
	Categories []Term
	Incidents  []Term
	Cues       []Term
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
	d := &Dict{}
	err := readTSV("attackers.tsv", 3, 3, func(f []string) error {
		a, err := parseAttacker(f)
		if err != nil {
			return err
		}
		d.Attackers = append(d.Attackers, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	byName := map[string]int{}
	for i, a := range d.Attackers {
		byName[a.Name] = i
	}
	if err := readTSV("attacker-sources.tsv", 4, 4, func(f []string) error {
		i, ok := byName[f[0]]
		if !ok {
			return fmt.Errorf("%s is not in attackers.tsv", f[0])
		}
		a := &d.Attackers[i]
		if a.Sources == nil {
			a.Sources = map[string][]string{}
			a.Basis = strings.Split(f[1], ",")
		}
		a.Sources[AliasKey(f[2])] = strings.Split(f[3], "|")
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readTSV("categories.tsv", 2, 2, func(f []string) error {
		d.Categories = append(d.Categories, Term{Surface: f[0], ID: f[1]})
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readTSV("incidents.tsv", 2, 3, func(f []string) error {
		t := Term{Surface: f[0], ID: f[1]}
		if len(f) > 2 {
			t.Cond = f[2]
		}
		d.Incidents = append(d.Incidents, t)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readTSV("cues.tsv", 2, 2, func(f []string) error {
		d.Cues = append(d.Cues, Term{Surface: f[0], ID: f[1]})
		return nil
	}); err != nil {
		return nil, err
	}
	return d, nil
}

// parseAttacker reads the fields of one attackers.tsv record. The aliases
// field may be "-" (no alias besides the name).
func parseAttacker(f []string) (Attacker, error) {
	a := Attacker{Name: f[0], Kind: f[1]}
	switch a.Kind {
	case KindRansomware, KindMalware, KindActor:
	default:
		return a, fmt.Errorf("%s: unknown kind %q (want %s, %s or %s)", a.Name, a.Kind, KindRansomware, KindMalware, KindActor)
	}
	if AliasKey(a.Name) == "" {
		return a, fmt.Errorf("empty name")
	}
	list := []string{f[0]}
	if f[2] != "-" {
		list = append(list, strings.Split(f[2], "|")...)
	}
	at := map[string]int{} // alias key → index in a.Aliases
	for _, al := range list {
		al = strings.TrimSpace(al)
		k := AliasKey(al)
		if k == "" {
			return a, fmt.Errorf("empty alias")
		}
		if i, ok := at[k]; ok {
			if strings.HasPrefix(al, "~") { // the ambiguity mark wins
				a.Aliases[i] = al
			}
			continue
		}
		at[k] = len(a.Aliases)
		a.Aliases = append(a.Aliases, al)
	}
	return a, nil
}

// readTSV calls fn for every record of an embedded TSV file, checking the
// field count and that no field is empty.
func readTSV(name string, minFields, maxFields int, fn func([]string) error) error {
	f, err := files.Open(name)
	if err != nil {
		return fmt.Errorf("dict: %w", err)
	}
	defer f.Close()
	return scanTSV(f, name, minFields, maxFields, fn)
}

// lineError locates an error at a line of a TSV file.
type lineError struct {
	name string
	line int
	err  error
}

func (e *lineError) Error() string { return fmt.Sprintf("dict: %s:%d: %v", e.name, e.line, e.err) }
func (e *lineError) Unwrap() error { return e.err }

// scanTSV calls fn for every record of a TSV stream, checking the field
// count and that no field is empty; errors are *lineError.
func scanTSV(r io.Reader, name string, minFields, maxFields int, fn func([]string) error) error {
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		fields := strings.Split(s, "\t")
		if len(fields) < minFields || len(fields) > maxFields {
			return &lineError{name, line, fmt.Errorf("want %d to %d tab-separated fields, got %d", minFields, maxFields, len(fields))}
		}
		for i, x := range fields {
			fields[i] = strings.TrimSpace(x)
			if fields[i] == "" {
				return &lineError{name, line, fmt.Errorf("field %d is empty", i+1)}
			}
		}
		if err := fn(fields); err != nil {
			return &lineError{name, line, err}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("dict: %s: %w", name, err)
	}
	return nil
}

// AliasKey is the form aliases are compared in: lower case, without white
// space, '-', '.', '_' and '・' (as the contract's scorer compares them),
// without the ambiguity mark '~'.
func AliasKey(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimPrefix(s, "~") {
		switch {
		case r == ' ' || r == '\t' || r == '　' || r == '-' || r == '.' || r == '_' || r == '・':
			continue
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// UserDict builds the kagome user dictionary: every attacker alias,
// category word and cue word becomes one token.
func (d *Dict) UserDict() (*kdict.UserDict, error) {
	seen := map[string]bool{}
	var recs kdict.UserDictRecords
	add := func(w, pos string) {
		w = strings.TrimSpace(strings.TrimPrefix(w, "~"))
		if w == "" || seen[w] || strings.ContainsAny(w, ", \t") || !userWord(w) {
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

// userWord reports whether w may become a user-dictionary token: a word of
// at least two runes that does not start with hiragana (phrases such as
// 誤って送 would cut ordinary words apart) and is not pure ASCII (kagome
// already keeps ASCII runs together; short ASCII aliases would split
// longer words).
func userWord(w string) bool {
	n := 0
	ascii := true
	for i, r := range w {
		n++
		if r >= 0x80 {
			ascii = false
		}
		if i == 0 && r >= 'ぁ' && r <= 'ゖ' {
			return false
		}
	}
	if ascii || n < 2 {
		return false
	}
	for _, r := range w {
		if r >= 'ぁ' && r <= 'ゖ' {
			return false // phrases with okurigana are matched on the text, not as tokens
		}
	}
	return true
}
