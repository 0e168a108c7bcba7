package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/corpus"
)

type searchOptions struct {
	io     *iostreams
	global *globalOptions
	db     string
	limit  int
	format string
	mode   string
	query  string
}

func newSearchCmd(io *iostreams, g *globalOptions) *cobra.Command {
	o := &searchOptions{io: io, global: g}
	cmd := &cobra.Command{
		Use:   "search [--db FILE] QUERY",
		Short: "Full-text search over the titles and texts of the corpus",
		Long: `Search the stored documents for a Japanese (or any) word or phrase. Words of
every length are found (学歴, 氏名, 個人情報, ランサムウェア), also any part of a
word (名 in 氏名, ランサム in ランサムウェア). Terms separated by spaces must all
occur (ランサムウェア 6万件); quotes, *, AND, OR, NEAR and parentheses are
ordinary text. Each hit shows its URL, title, published date and a snippet
around the match.`,
		Example: `  kohyo search --db kohyo-demo.db 学歴
  kohyo search --db corpus.db --format json --limit 100 ランサムウェア
  kohyo search --db corpus.db "ランサムウェア 6万件"`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.query = args[0]
			return o.run(cmd.Context())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "kohyo.db", "SQLite corpus to search")
	f.IntVar(&o.limit, "limit", 20, "hits to show")
	f.StringVar(&o.format, "format", "text", "output: text or json (one JSON object per hit, one per line)")
	f.StringVar(&o.mode, "mode", "auto", "match: auto (words, else substring), words, or substring")
	return cmd
}

func (o *searchOptions) run(ctx context.Context) error {
	if o.format != "text" && o.format != "json" {
		return usagef("--format must be text or json, not %q", o.format)
	}
	if o.limit < 1 {
		return usagef("--limit must be at least 1")
	}
	var mode corpus.SearchMode
	switch o.mode {
	case "auto":
	case "words":
		mode = corpus.SearchWords
	case "substring":
		mode = corpus.SearchSubstring
	default:
		return usagef("--mode must be auto, words or substring, not %q", o.mode)
	}
	// No dictionary: the index and the query are segmented by script, and
	// substrings go through the trigram and character indexes.
	db, err := openExisting(ctx, o.db, corpus.ReadOnly())
	if err != nil {
		return err
	}
	defer db.Close()
	hits, err := db.Search(ctx, o.query, corpus.SearchOptions{Limit: o.limit, Mode: mode})
	if errors.Is(err, corpus.ErrEmptyQuery) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if o.format == "json" {
		for _, h := range hits {
			if err := writeJSONLine(o.io.Out, h); err != nil {
				return err
			}
		}
		return nil
	}
	if len(hits) == 0 {
		fmt.Fprintf(o.io.Err, "no document matches %q\n", o.query)
		return nil
	}
	for i, h := range hits {
		pub := h.Published
		if pub == "" {
			pub = "????-??-??"
		}
		fmt.Fprintf(o.io.Out, "%d. %s  %s\n   %s\n   %s\n\n", i+1, pub, h.Title, h.URL, highlight(h))
	}
	return nil
}

// highlight marks the match inside the snippet with 【】.
func highlight(h corpus.Hit) string {
	r := []rune(h.Snippet)
	s, e := h.Match[0], h.Match[1]
	if s < 0 || e > len(r) || s >= e {
		return h.Snippet
	}
	return string(r[:s]) + "【" + string(r[s:e]) + "】" + string(r[e:])
}

// openExisting opens a corpus that must already exist (search, export).
func openExisting(ctx context.Context, path string, opts ...corpus.Option) (*corpus.DB, error) {
	if strings.TrimSpace(path) == "" {
		return nil, usagef("--db is empty")
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("corpus %s: %w (run kohyo crawl or kohyo demo first)", path, err)
	}
	return corpus.Open(ctx, path, opts...)
}
