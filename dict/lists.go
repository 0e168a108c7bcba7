package dict

import (
	"bufio"
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// lists.tsv holds the word lists the extraction rules use that are no
// dictionary terms: counters and qualifiers of record counts, relative date
// words, what makes a number no date, which incident types are cyber
// context, what makes a category word no data item. Format: list <TAB> word
// [<TAB> arguments]; see the comment at the top of the file.
//
//go:embed lists.tsv
var listsTSV string

// Word lists of lists.tsv.
const (
	ListCounter             = "counter"
	ListCounterBadNext      = "counter_bad_next"
	ListQualifierBefore     = "qualifier_before"
	ListQualifierAfter      = "qualifier_after"
	ListRelDate             = "reldate"
	ListYearReject          = "year_reject"
	ListMonthReject         = "month_reject"
	ListDayReject           = "day_reject"
	ListMonthDurationBefore = "month_duration_before"
	ListCyberType           = "cyber_type"
	ListNotDataAfter        = "not_data_after"
)

// wordListArgs is the number of arguments each list takes after the word.
var wordListArgs = map[string]int{
	ListCounter: 0, ListCounterBadNext: 1, ListQualifierBefore: 1, ListQualifierAfter: 1,
	ListRelDate: 4, ListYearReject: 0, ListMonthReject: 0, ListDayReject: 0,
	ListMonthDurationBefore: 0, ListCyberType: 0, ListNotDataAfter: 0,
}

// Qualifiers a count may carry (qualifier_before, qualifier_after); "-"
// marks a word that is skipped and qualifies nothing.
var Qualifiers = []string{"approx", "max", "min", "total", "-"}

// WordEntry is one line of lists.tsv: a word and its arguments.
type WordEntry struct {
	Word string
	Args []string
}

// RelDate is a relative date word of the reldate list.
type RelDate struct {
	Word   string
	Unit   byte // 'y', 'm' or 'd'
	Prev   bool // relative to the preceding date (同日, 翌月); else to publication (今年)
	Offset int
	Guard  bool // not a date word right after a kanji (説明日, 事前日程)
}

// WordLists are the lists of lists.tsv, in file order.
type WordLists struct {
	Lists map[string][]WordEntry
}

// Words returns the entries of one list.
func (w *WordLists) Words(list string) []string {
	var out []string
	for _, e := range w.Lists[list] {
		out = append(out, e.Word)
	}
	return out
}

// RelDates returns the reldate list.
func (w *WordLists) RelDates() []RelDate {
	var out []RelDate
	for _, e := range w.Lists[ListRelDate] {
		off, _ := strconv.Atoi(e.Args[2]) // checked when parsed
		out = append(out, RelDate{Word: e.Word, Unit: e.Args[0][0], Prev: e.Args[1] == "prev", Offset: off, Guard: e.Args[3] == "guard"})
	}
	return out
}

var (
	wordsOnce sync.Once
	wordsOut  *WordLists
	wordsErr  error
)

// Words returns the embedded word lists, parsed once per process.
func Words() (*WordLists, error) {
	wordsOnce.Do(func() { wordsOut, wordsErr = parseWords(listsTSV) })
	return wordsOut, wordsErr
}

func parseWords(text string) (*WordLists, error) {
	w := &WordLists{Lists: map[string][]WordEntry{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			continue
		}
		f := strings.Split(s, "\t")
		n, ok := wordListArgs[f[0]]
		if !ok {
			return nil, fmt.Errorf("dict: lists.tsv:%d: unknown list %q", line, f[0])
		}
		if len(f) != n+2 {
			return nil, fmt.Errorf("dict: lists.tsv:%d: list %s wants a word and %d arguments, got %d fields", line, f[0], n, len(f))
		}
		for i := range f {
			if f[i] == "" {
				return nil, fmt.Errorf("dict: lists.tsv:%d: field %d is empty", line, i+1)
			}
		}
		if f[0] == ListCyberType && !slices.Contains(IncidentTypes, f[1]) {
			return nil, fmt.Errorf("dict: lists.tsv:%d: unknown incident type %q", line, f[1])
		}
		if err := checkWordArgs(f[0], f[2:]); err != nil {
			return nil, fmt.Errorf("dict: lists.tsv:%d: %w", line, err)
		}
		w.Lists[f[0]] = append(w.Lists[f[0]], WordEntry{Word: f[1], Args: f[2:]})
	}
	return w, sc.Err()
}

func checkWordArgs(list string, args []string) error {
	switch list {
	case ListQualifierBefore, ListQualifierAfter:
		if !slices.Contains(Qualifiers, args[0]) {
			return fmt.Errorf("unknown qualifier %q", args[0])
		}
	case ListRelDate:
		if args[0] != "y" && args[0] != "m" && args[0] != "d" {
			return fmt.Errorf("unit %q is not y, m or d", args[0])
		}
		if args[1] != "pub" && args[1] != "prev" {
			return fmt.Errorf("anchor %q is not pub or prev", args[1])
		}
		if _, err := strconv.Atoi(args[2]); err != nil {
			return fmt.Errorf("offset %q is no integer", args[2])
		}
		if args[3] != "guard" && args[3] != "-" {
			return fmt.Errorf("guard %q is not guard or -", args[3])
		}
	}
	return nil
}

// LegalForms lists the legal forms of organisations (株式会社, 医療法人社団
// …): the cue words of kind legal, the one list the project keeps.
func (d *Dict) LegalForms() []string {
	var out []string
	for _, c := range d.Cues {
		if c.ID == CueLegal {
			out = append(out, c.Surface)
		}
	}
	return out
}
