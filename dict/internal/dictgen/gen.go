package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/kohyo-dev/kohyo/dict"
)

// The build: the overlay (overlay.tsv) lists every entry of the dictionary,
// in order, with its kind, the aliases the sources lack (Japanese forms,
// press spellings) and references into the source snapshot; the generator
// adds every value and synonym of the referenced clusters, resolves aliases
// that two entries claim, decides which aliases are ambiguous and writes
//
//	attackers.tsv          name <TAB> kind <TAB> aliases (the format dict reads)
//	attacker-sources.tsv   name <TAB> basis <TAB> alias <TAB> sources (where each alias came from)
//
// An alias is ambiguous (written with a leading '~') when the overlay says
// so, when its key is an everyday word of words.txt, or when it is a single
// Latin word of at most four letters that the overlay has not reviewed
// ('!'). The output depends on the three input files only.

// sourceOverlay is the source named for aliases the overlay adds.
const sourceOverlay = dict.SourceOverlay

// cluster is one trimmed record of the source snapshot.
type cluster struct {
	Cluster  string // ransomware, threat-actor, malpedia
	Value    string
	UUID     string
	Leak     bool // the cluster lists leak-site links
	Synonyms []string
}

// ref is how the overlay and attacker-sources.tsv name a cluster.
func (c cluster) ref() string { return c.Cluster + ":" + c.Value }

// overlayEntry is one line of overlay.tsv.
type overlayEntry struct {
	Name, Kind string
	Aliases    []string // as written, with their marks (~, !, -)
	Sources    []string // cluster references
	Basis      []string
	Section    string // the comment line above the entry's block
}

// alias is one alias of an output entry.
type alias struct {
	Text     string
	Key      string
	Amb      bool // marked ambiguous
	Reviewed bool // marked '!' in the overlay
	Overlay  bool // the name or an overlay alias: wins over a source alias
	Sources  []string
}

type entry struct {
	overlayEntry
	aliases []*alias
}

// Review lists what the generator asks a person to look at.
type Review struct {
	ShortMarked []string // aliases made ambiguous by the short-name rule
	WordMarked  []string // aliases made ambiguous by words.txt
	Dropped     []string // source aliases dropped because two entries claim them
	Filtered    []string // source synonyms that are no names (MITRE ids, operations)
	Candidates  []string // single-word aliases found in a word list, not marked
	Overlaps    []string // aliases that hold another entry's alias as a word (both would match)
	Unselected  int      // leak-site clusters of the snapshot the overlay does not use
}

// Inputs are the generator's input files.
type Inputs struct {
	Snapshot io.Reader // source/misp-galaxy.tsv
	Overlay  io.Reader // overlay.tsv
	Words    io.Reader // words.txt
	// Review is an optional English word list (one word a line, such as
	// /usr/share/dict/words); it only adds review candidates.
	Review io.Reader
}

// Output is what Build writes.
type Output struct {
	Attackers []byte
	Sources   []byte
	Review    Review
}

var (
	mitreID   = regexp.MustCompile(`^[GS]\d{4}$`)
	campaign  = regexp.MustCompile(`(?i)^(operation|subgroup)\b`)
	shortWord = regexp.MustCompile(`^[a-z]{1,4}$`)
)

// Build generates the dictionary files from the inputs.
func Build(in Inputs) (*Output, error) {
	snap, err := readSnapshot(in.Snapshot)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	ov, err := readOverlay(in.Overlay)
	if err != nil {
		return nil, fmt.Errorf("overlay.tsv: %w", err)
	}
	words, err := readWords(in.Words)
	if err != nil {
		return nil, fmt.Errorf("words.txt: %w", err)
	}
	out := &Output{}
	entries, used, err := collect(ov, snap, &out.Review)
	if err != nil {
		return nil, err
	}
	if err := resolve(entries, &out.Review); err != nil {
		return nil, err
	}
	markAmbiguous(entries, words, &out.Review)
	out.Review.Overlaps = overlaps(entries)
	if in.Review != nil {
		review, err := readWords(in.Review)
		if err != nil {
			return nil, fmt.Errorf("review word list: %w", err)
		}
		out.Review.Candidates = candidates(entries, review)
	}
	for _, c := range snap.list {
		if c.Leak && !used[c.ref()] {
			out.Review.Unselected++
		}
	}
	out.Attackers, out.Sources = write(entries, snap.header)
	return out, nil
}

type snapshot struct {
	header []string // provenance comment lines
	byRef  map[string]cluster
	list   []cluster
}

func readSnapshot(r io.Reader) (*snapshot, error) {
	s := &snapshot{byRef: map[string]cluster{}}
	err := eachLine(r, func(line int, f []string, comment string) error {
		if f == nil {
			if strings.HasPrefix(comment, "# source:") || strings.HasPrefix(comment, "# licence:") {
				s.header = append(s.header, comment)
			}
			return nil
		}
		if len(f) != 5 {
			return fmt.Errorf("line %d: want 5 fields, got %d", line, len(f))
		}
		c := cluster{Cluster: f[0], Value: f[1], UUID: f[2], Leak: f[3] == "leak"}
		if f[4] != "-" {
			c.Synonyms = strings.Split(f[4], "|")
		}
		if _, dup := s.byRef[c.ref()]; dup {
			return fmt.Errorf("line %d: %s twice", line, c.ref())
		}
		s.byRef[c.ref()] = c
		s.list = append(s.list, c)
		return nil
	})
	return s, err
}

func readOverlay(r io.Reader) ([]overlayEntry, error) {
	var out []overlayEntry
	section := ""
	err := eachLine(r, func(line int, f []string, comment string) error {
		if f == nil {
			if comment != "" && !strings.HasPrefix(comment, "#  ") && !strings.HasPrefix(comment, "# name") {
				section = comment
			}
			return nil
		}
		if len(f) != 5 {
			return fmt.Errorf("line %d: want 5 fields (name, kind, aliases, sources, basis), got %d", line, len(f))
		}
		e := overlayEntry{Name: f[0], Kind: f[1], Section: section}
		switch e.Kind {
		case dict.KindRansomware, dict.KindMalware, dict.KindActor:
		default:
			return fmt.Errorf("line %d: %s: unknown kind %q", line, e.Name, e.Kind)
		}
		if f[2] != "-" {
			e.Aliases = strings.Split(f[2], "|")
		}
		if f[3] != "-" {
			e.Sources = strings.Split(f[3], "|")
		}
		e.Basis = strings.Split(f[4], ",")
		out = append(out, e)
		return nil
	})
	return out, err
}

// readWords reads a word list (one word a line, '#' comments) into alias keys.
func readWords(r io.Reader) (map[string]bool, error) {
	words := map[string]bool{}
	err := eachLine(r, func(_ int, f []string, _ string) error {
		if f != nil {
			words[dict.AliasKey(norm.NFKC.String(f[0]))] = true
		}
		return nil
	})
	return words, err
}

// eachLine calls fn with the tab-separated, trimmed fields of every record
// line, and with nil fields and the text of every comment or blank line.
func eachLine(r io.Reader, fn func(line int, fields []string, comment string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	n := 0
	for sc.Scan() {
		n++
		s := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
			if err := fn(n, nil, s); err != nil {
				return err
			}
			continue
		}
		f := strings.Split(s, "\t")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
			if f[i] == "" {
				return fmt.Errorf("line %d: field %d is empty", n, i+1)
			}
		}
		if err := fn(n, f, ""); err != nil {
			return err
		}
	}
	return sc.Err()
}

// collect builds every entry's aliases: the name, the overlay's aliases,
// then the values and synonyms of its source clusters.
func collect(ov []overlayEntry, snap *snapshot, rv *Review) ([]*entry, map[string]bool, error) {
	used := map[string]bool{}
	names := map[string]string{}
	var entries []*entry
	for _, o := range ov {
		e := &entry{overlayEntry: o}
		k := dict.AliasKey(o.Name)
		if prev, dup := names[k]; dup {
			return nil, nil, fmt.Errorf("overlay.tsv: %s and %s are one name", prev, o.Name)
		}
		names[k] = o.Name
		byKey := map[string]*alias{}
		drop := map[string]bool{}
		add := func(text, src string, amb, reviewed, fromOverlay bool) {
			text = norm.NFKC.String(strings.TrimSpace(text))
			k := dict.AliasKey(text)
			if k == "" || drop[k] {
				return
			}
			a := byKey[k]
			if a == nil {
				a = &alias{Text: text, Key: k}
				byKey[k] = a
				e.aliases = append(e.aliases, a)
			}
			a.Amb = a.Amb || amb
			a.Reviewed = a.Reviewed || reviewed
			a.Overlay = a.Overlay || fromOverlay
			if !contains(a.Sources, src) {
				a.Sources = append(a.Sources, src)
			}
		}
		for _, al := range o.Aliases {
			if strings.HasPrefix(al, "-") {
				drop[dict.AliasKey(norm.NFKC.String(al[1:]))] = true
			}
		}
		add(o.Name, sourceOverlay, false, false, true)
		for _, al := range o.Aliases {
			switch {
			case strings.HasPrefix(al, "-"):
			case strings.HasPrefix(al, "~"):
				add(al[1:], sourceOverlay, true, false, true)
			case strings.HasPrefix(al, "!"):
				add(al[1:], sourceOverlay, false, true, true)
			default:
				add(al, sourceOverlay, false, false, true)
			}
		}
		for _, ref := range o.Sources {
			c, ok := snap.byRef[ref]
			if !ok {
				return nil, nil, fmt.Errorf("overlay.tsv: %s: source %q is not in the snapshot", o.Name, ref)
			}
			used[ref] = true
			src := dict.SourceMISP + ref
			add(c.Value, src, false, false, false)
			for _, s := range c.Synonyms {
				if mitreID.MatchString(s) || campaign.MatchString(s) {
					rv.Filtered = append(rv.Filtered, o.Name+": "+s)
					continue
				}
				add(s, src, false, false, false)
			}
		}
		// the name's own entry names no overlay source when a cluster value spells it
		if a := e.aliases[0]; len(a.Sources) > 1 && a.Sources[0] == sourceOverlay {
			a.Sources = a.Sources[1:]
		}
		entries = append(entries, e)
	}
	return entries, used, nil
}

// resolve removes aliases that two entries claim: the entry whose name or
// overlay alias it is keeps it; a source alias of several entries (an
// umbrella name such as Lazarus listing Andariel) is dropped from the others.
func resolve(entries []*entry, rv *Review) error {
	owners := map[string][]*entry{}
	claimed := map[string]string{} // alias key → the entry whose name or overlay alias it is
	for _, e := range entries {
		for _, a := range e.aliases {
			owners[a.Key] = append(owners[a.Key], e)
			if a.Overlay {
				if o, ok := claimed[a.Key]; ok {
					return fmt.Errorf("overlay.tsv: %s is both %s and %s", a.Text, o, e.Name)
				}
				claimed[a.Key] = e.Name
			}
		}
	}
	for _, e := range entries {
		kept := e.aliases[:0]
		for i, a := range e.aliases {
			os := owners[a.Key]
			if len(os) < 2 || i == 0 || a.Overlay {
				kept = append(kept, a)
				continue
			}
			rv.Dropped = append(rv.Dropped, fmt.Sprintf("%s: %s (also %s)", e.Name, a.Text, otherNames(os, e)))
		}
		e.aliases = kept
	}
	return nil
}

func otherNames(es []*entry, self *entry) string {
	var n []string
	for _, e := range es {
		if e != self {
			n = append(n, e.Name)
		}
	}
	return strings.Join(n, ", ")
}

func markAmbiguous(entries []*entry, words map[string]bool, rv *Review) {
	for _, e := range entries {
		for _, a := range e.aliases {
			if a.Amb || a.Reviewed {
				continue
			}
			switch {
			case words[a.Key]:
				a.Amb = true
				rv.WordMarked = append(rv.WordMarked, e.Name+": "+a.Text)
			case shortWord.MatchString(a.Key):
				a.Amb = true
				rv.ShortMarked = append(rv.ShortMarked, e.Name+": "+a.Text)
			}
		}
	}
}

// overlaps lists aliases whose text holds, as whole words (between
// separators or the ends), an alias of another entry: Trickbot LLC holds
// TrickBot. In text both would be found, so one of them should go.
func overlaps(entries []*entry) []string {
	type word struct {
		words []string
		e     *entry
	}
	split := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return r == ' ' || r == '-' || r == '.' || r == '_' || r == '・' || r == '/'
		})
	}
	var all []word
	for _, e := range entries {
		for _, a := range e.aliases {
			all = append(all, word{split(a.Text), e})
		}
	}
	var out []string
	for _, long := range all {
		for _, short := range all {
			if long.e == short.e || len(short.words) >= len(long.words) || len(short.words) == 0 {
				continue
			}
			for i := 0; i+len(short.words) <= len(long.words); i++ {
				if equalWords(long.words[i:i+len(short.words)], short.words) {
					out = append(out, fmt.Sprintf("%s: %s holds %s (%s)", long.e.Name,
						strings.Join(long.words, " "), strings.Join(short.words, " "), short.e.Name))
					break
				}
			}
		}
	}
	return out
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// candidates lists unmarked one-word Latin aliases that a word list knows.
func candidates(entries []*entry, words map[string]bool) []string {
	var out []string
	for _, e := range entries {
		for _, a := range e.aliases {
			if a.Amb || a.Reviewed || !isLatinWord(a.Text) {
				continue
			}
			if words[a.Key] {
				out = append(out, e.Name+": "+a.Text)
			}
		}
	}
	return out
}

func isLatinWord(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

func write(entries []*entry, header []string) (attackers, sources []byte) {
	var a, s bytes.Buffer
	gen := "# Generated by `go generate ./dict` from overlay.tsv, words.txt and source/misp-galaxy.tsv: do not edit.\n"
	a.WriteString(gen)
	for _, h := range header {
		a.WriteString(h + "\n")
	}
	a.WriteString("# name\tkind\taliases (| separated; a leading ~ marks an ambiguous alias that needs attacker context)\n")
	s.WriteString(gen)
	for _, h := range header {
		s.WriteString(h + "\n")
	}
	s.WriteString("# name\tbasis\talias\tsources (| separated: overlay, or misp-galaxy/cluster:value)\n")
	// sections in the order the overlay has them
	var order []string
	bySection := map[string][]*entry{}
	for _, e := range entries {
		if _, ok := bySection[e.Section]; !ok {
			order = append(order, e.Section)
		}
		bySection[e.Section] = append(bySection[e.Section], e)
	}
	for _, sec := range order {
		if sec != "" {
			a.WriteString(sec + "\n")
		}
		for _, e := range bySection[sec] {
			var als []string
			for i, al := range e.aliases {
				t := al.Text
				if al.Amb {
					t = "~" + t
				}
				if i == 0 && !al.Amb {
					continue // the name is the first column
				}
				als = append(als, t)
			}
			if len(als) == 0 {
				als = []string{e.Name}
			}
			fmt.Fprintf(&a, "%s\t%s\t%s\n", e.Name, e.Kind, strings.Join(als, "|"))
			for _, al := range e.aliases {
				fmt.Fprintf(&s, "%s\t%s\t%s\t%s\n", e.Name, strings.Join(e.Basis, ","), al.Text, strings.Join(al.Sources, "|"))
			}
		}
	}
	return a.Bytes(), s.Bytes()
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
