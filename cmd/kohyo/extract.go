package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/crawler/page"
	"github.com/kohyo-dev/kohyo/extract"
)

type extractOptions struct {
	io        *iostreams
	global    *globalOptions
	jsonl     bool
	format    string
	published string
	workers   int
	explain   bool
	arg       string
}

func newExtractCmd(io *iostreams, g *globalOptions) *cobra.Command {
	o := &extractOptions{io: io, global: g}
	cmd := &cobra.Command{
		Use:   "extract [FILE|-|URL]",
		Short: "Extract incident facts from one document, or from JSON lines on stdin",
		Long: `Extract dates, record counts, attackers, leaked data categories, incident
types and the victim from one document and print them as JSON.

The argument is a text file, - for standard input, a URL (http, https) or a
local .html, .htm or .pdf file. With --jsonl, standard input holds one JSON
object per line, {"id", "text", "published"}, and one result line is written
per input line, in input order, using every core.

--explain prints, instead of JSON, every value with the rule and the words
that produced it, and the sentence the victim and each incident type were
read from; it works on files, standard input, URLs and --jsonl.`,
		Example: `  kohyo extract notice.txt
  kohyo extract --published 2024-02-09 --format text notice.txt
  kohyo extract https://www.example.co.jp/information/20231025.html
  kohyo extract --explain notice.txt
  kohyo extract --jsonl < docs.jsonl > results.jsonl
  kohyo extract --jsonl --explain < docs.jsonl | less`,
		Args: func(cmd *cobra.Command, args []string) error {
			if o.jsonl && len(args) > 0 {
				return usagef("--jsonl reads standard input and takes no argument")
			}
			if !o.jsonl && len(args) != 1 {
				return usagef("extract takes one FILE, - or URL (or --jsonl)")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				o.arg = args[0]
			}
			return o.run(cmd.Context())
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.jsonl, "jsonl", false, "batch mode: JSON lines {id,text,published} on stdin, one result per line on stdout")
	f.StringVar(&o.format, "format", "json", "output format for one document: json or text")
	f.StringVar(&o.published, "published", "", "publication date YYYY-MM-DD that year-less and relative dates resolve against")
	f.BoolVar(&o.explain, "explain", false, "print each value with the rule, cue and evidence sentence that produced it (text)")
	f.IntVar(&o.workers, "workers", runtime.NumCPU(), "worker goroutines for --jsonl")
	addDictFlag(cmd, o.global)
	return cmd
}

func (o *extractOptions) run(ctx context.Context) error {
	if o.format != "json" && o.format != "text" {
		return usagef("--format must be json or text, not %q", o.format)
	}
	if o.workers < 1 {
		return usagef("--workers must be at least 1")
	}
	var published time.Time
	if o.published != "" {
		t, err := extract.ParseDate(o.published)
		if err != nil {
			return usageError{err}
		}
		published = t
	}
	// The IPA dictionary loads only when a document needs tokens.
	ex, err := o.global.lazyExtractor()
	if err != nil {
		return err
	}
	if o.jsonl {
		return o.runJSONL(ctx, ex)
	}
	if isWebArg(o.arg) {
		return o.runWeb(ctx, ex, published)
	}
	text, err := readTextArg(o.arg, o.io.In)
	if err != nil {
		return err
	}
	res := ex.Extract(extract.Input{Text: text, Published: published})
	if res.Err != nil {
		return res.Err
	}
	if o.explain {
		return writeExplain(o.io.Out, res, nil)
	}
	if o.format == "text" {
		return writeSummary(o.io.Out, res, nil)
	}
	return writeJSON(o.io.Out, res)
}

// maxTextInput is the most of a text document read: enough bytes for
// extract.DefaultMaxRunes characters in any charset (4 bytes a character
// at most), so that a huge input is cut before it is decoded.
const maxTextInput = 4*extract.DefaultMaxRunes + 4

// readTextArg reads a text document from a file or from stdin ("-"), in
// UTF-8 or a Japanese legacy charset, at most maxTextInput bytes of it.
// A file whose first bytes are not text (an image, an archive, a binary)
// is refused.
func readTextArg(arg string, stdin io.Reader) (string, error) {
	r := stdin
	if arg != "-" {
		f, err := os.Open(arg)
		if err != nil {
			return "", fmt.Errorf("read %s: %w", arg, err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxTextInput))
	if err != nil {
		return "", fmt.Errorf("read %s: %w", arg, err)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return "", fmt.Errorf("%s: the document is empty", arg)
	}
	if ct := http.DetectContentType(b); !strings.HasPrefix(ct, "text/") {
		return "", fmt.Errorf("%s: not a text document (its bytes read as %s); give a text file, or an .html or .pdf file by name", arg, ct)
	}
	if len(b) == maxTextInput {
		b = trimPartialRune(b)
	}
	if utf8.Valid(b) {
		return strings.TrimPrefix(string(b), "\ufeff"), nil
	}
	// Shift_JIS, EUC-JP or ISO-2022-JP text: the crawler's decoder reads
	// the charset off the bytes.
	return page.Decode(b, "text/plain").Text, nil
}

// trimPartialRune drops the bytes of a UTF-8 character cut at the end of
// b, so that text cut at a byte count stays valid UTF-8.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < 0x80 {
			return b // ASCII: nothing cut
		}
		if utf8.RuneStart(c) {
			if r, _ := utf8.DecodeRune(b[len(b)-i:]); r == utf8.RuneError {
				return b[:len(b)-i]
			}
			return b
		}
	}
	return b
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeJSONLine prints v as one line of JSON.
func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeSummary prints a short human summary; web is nil for plain text.
func writeSummary(w io.Writer, res *extract.Result, web *webResult) error {
	bw := bufio.NewWriter(w)
	if web != nil {
		for _, kv := range [][2]string{{"url", web.URL}, {"final url", web.FinalURL}, {"title", web.Title}, {"charset", web.Charset},
			{"kind", web.Kind}, {"publisher", web.Publisher}, {"victim from", web.VictimSource}} {
			if kv[1] != "" {
				fmt.Fprintf(bw, "%-15s %s\n", kv[0]+":", kv[1])
			}
		}
		for _, warn := range web.Warnings {
			fmt.Fprintf(bw, "%-15s %s\n", "warning:", warn)
		}
	}
	victim := "(none)"
	if res.Victim != nil {
		victim = *res.Victim
	}
	fmt.Fprintf(bw, "%-15s %s (%s)\n", "published:", res.Published, res.PublishedSource)
	fmt.Fprintf(bw, "%-15s %s\n", "victim:", victim)
	fmt.Fprintf(bw, "%-15s %s\n", "incident types:", joinOr(res.IncidentTypes))
	var names, cats, counts, dates []string
	seen := map[string]bool{}
	once := func(k string) bool { r := !seen[k]; seen[k] = true; return r }
	for _, a := range res.Attackers {
		if once("a" + a.Name) {
			n := a.Name
			if !a.Known {
				n += " (not in dictionary)"
			}
			names = append(names, n)
		}
	}
	for _, c := range res.Categories {
		if once("c" + c.Category) {
			cats = append(cats, c.Category)
		}
	}
	for _, c := range res.Counts {
		counts = append(counts, fmt.Sprintf("%d (%s)", c.Value, c.Text))
	}
	for _, d := range res.Dates {
		dates = append(dates, fmt.Sprintf("%s (%s)", d.Value, d.Text))
	}
	fmt.Fprintf(bw, "%-15s %s\n", "attackers:", joinOr(names))
	fmt.Fprintf(bw, "%-15s %s\n", "categories:", joinOr(cats))
	fmt.Fprintf(bw, "%-15s %s\n", "counts:", joinOr(counts))
	fmt.Fprintf(bw, "%-15s %s\n", "dates:", joinOr(dates))
	if res.Truncated {
		fmt.Fprintln(bw, "note:           the document was truncated; only its beginning was read")
	}
	return bw.Flush()
}

func joinOr(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ", ")
}

// progress is a counter on stderr, drawn only when stderr is a terminal;
// otherwise it holds no bar and its methods do nothing.
//
// No bar is made off a terminal: progressbar's silent bar of unknown
// length starts a spinner goroutine that renders the bar unsynchronised
// with our calls (a data race under -race) and never stops. On a terminal
// the spinner advances on each render instead of on a ticker, so no
// goroutine of the library runs beside ours.
type progress struct{ bar *progressbar.ProgressBar }

// newProgress draws a counter on stderr when it is a terminal, else nothing.
func newProgress(io *iostreams, desc string) *progress {
	if !io.errIsTerminal() {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(io.Err),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("items"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetSpinnerChangeInterval(0),
		progressbar.OptionClearOnFinish(),
	)}
}

// Add counts n more items.
func (p *progress) Add(n int) {
	if p.bar != nil {
		_ = p.bar.Add(n)
	}
}

// Set sets the count.
func (p *progress) Set(n int) {
	if p.bar != nil {
		_ = p.bar.Set(n)
	}
}

// Describe sets the text before the count.
func (p *progress) Describe(s string) {
	if p.bar != nil {
		p.bar.Describe(s)
	}
}

// Finish ends the bar (cleared from the terminal).
func (p *progress) Finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
