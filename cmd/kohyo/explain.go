package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/kohyo-dev/kohyo/extract"
)

// writeExplain prints every value of res with the rule and the words that
// produced it, and, for the victim and every incident type, the sentence it
// was read from (kohyo extract --explain). web is nil for plain text.
func writeExplain(w io.Writer, res *extract.Result, web *webResult) error {
	bw := bufio.NewWriter(w)
	if res.ID != "" {
		fmt.Fprintf(bw, "== %s ==\n", res.ID)
	}
	if web != nil {
		for _, kv := range [][2]string{{"url", web.URL}, {"final url", web.FinalURL}, {"title", web.Title}} {
			if kv[1] != "" {
				fmt.Fprintf(bw, "%s: %s\n", kv[0], kv[1])
			}
		}
		// What the JSON says in "warnings": a listing, another language,
		// a PDF without text; before the facts they qualify.
		for _, warn := range web.Warnings {
			fmt.Fprintf(bw, "warning: %s\n", warn)
		}
	}
	fmt.Fprintf(bw, "published: %s (%s)\n", res.Published, res.PublishedSource)

	fmt.Fprintln(bw, "victim:")
	switch v := res.VictimMention; {
	case v != nil:
		fmt.Fprintf(bw, "  %s  %s\n", v.Text, where(v.Span, v.Rule))
		writeSentence(bw, v.Sentence)
	default:
		fmt.Fprintln(bw, "  (none)")
	}
	if s := res.SelfReference; s != nil {
		fmt.Fprintf(bw, "  issuer self-reference %q at %d-%d\n", s.Text, s.Start, s.End)
	}

	fmt.Fprintln(bw, "incident types:")
	if len(res.IncidentCues) == 0 {
		fmt.Fprintln(bw, "  (none)")
	}
	for _, ev := range res.IncidentCues {
		fmt.Fprintf(bw, "  %-19s %s\n", ev.Type, where(ev.Span, ev.Rule))
		writeSentence(bw, ev.Sentence)
	}

	section(bw, "attackers:", len(res.Attackers))
	for _, a := range res.Attackers {
		known := "dictionary"
		if !a.Known {
			known = "not in dictionary"
		}
		fmt.Fprintf(bw, "  %-19s %s (%s)\n", a.Name, where(a.Span, a.Rule), known)
	}
	section(bw, "categories:", len(res.Categories))
	for _, c := range res.Categories {
		fmt.Fprintf(bw, "  %-19s %s\n", c.Category, where(c.Span, c.Rule))
	}
	section(bw, "counts:", len(res.Counts))
	for _, c := range res.Counts {
		v := fmt.Sprint(c.Value)
		if c.Qualifier != "" {
			v += " " + c.Qualifier
		}
		fmt.Fprintf(bw, "  %-19s %s\n", v, where(c.Span, c.Rule))
	}
	section(bw, "dates:", len(res.Dates))
	for _, d := range res.Dates {
		fmt.Fprintf(bw, "  %-19s %s\n", d.Value, where(d.Span, d.Rule))
	}
	if res.Truncated {
		fmt.Fprintln(bw, "note: the document was truncated; only its beginning was read")
	}
	return bw.Flush()
}

func section(w io.Writer, title string, n int) {
	fmt.Fprintln(w, title)
	if n == 0 {
		fmt.Fprintln(w, "  (none)")
	}
}

// where renders a mention: its text, offsets and rule.
func where(s extract.Span, rule string) string {
	return fmt.Sprintf("%q at %d-%d  rule %s", s.Text, s.Start, s.End, rule)
}

// writeSentence prints an evidence sentence on one line, shortened.
func writeSentence(w io.Writer, s *extract.Span) {
	if s == nil {
		return
	}
	t := strings.Join(strings.Fields(s.Text), " ")
	if r := []rune(t); len(r) > 120 {
		t = string(r[:117]) + "..."
	}
	fmt.Fprintf(w, "    in: %s\n", t)
}
