package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/dict"
)

// addDictFlag gives a command that builds an extractor the --dict flag.
func addDictFlag(cmd *cobra.Command, g *globalOptions) {
	cmd.Flags().StringArrayVar(&g.dicts, "dict", nil,
		"user attacker dictionary: a TSV file (name, kind, aliases) or a directory of .tsv files; repeatable (besides "+
			"the .tsv files of "+configDictDirHelp+")")
}

const configDictDirHelp = "$XDG_CONFIG_HOME/kohyo/dict or ~/.config/kohyo/dict"

// configDictDir is where user dictionaries are read from on every run
// (besides --dict): $XDG_CONFIG_HOME/kohyo/dict, ~/.config/kohyo/dict on
// Linux.
func configDictDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "kohyo", "dict")
}

// userDicts lists the user dictionaries of this run: the config
// directory when it holds .tsv files, then the --dict arguments.
func (g *globalOptions) userDicts() []string {
	var out []string
	if dir := configDictDir(); dir != "" {
		if m, _ := filepath.Glob(filepath.Join(dir, "*.tsv")); len(m) > 0 {
			out = append(out, dir)
		}
	}
	return append(out, g.dicts...)
}

// loadUserDicts loads the embedded dictionaries extended by the --dict
// files, a directory standing for its .tsv files in name order.
func loadUserDicts(args []string) (*dict.Dict, error) {
	var files []string
	for _, p := range args {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("--dict: %w", err)
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		m, err := filepath.Glob(filepath.Join(p, "*.tsv"))
		if err != nil {
			return nil, fmt.Errorf("--dict: %w", err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("--dict: directory %s has no .tsv file", p)
		}
		sort.Strings(m)
		files = append(files, m...)
	}
	return dict.LoadUser(files...)
}

type dictOptions struct {
	io     *iostreams
	global *globalOptions
	format string
	stats  bool
	names  []string
}

func newDictCmd(io *iostreams, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "dict",
		Short: "Show the attacker dictionary",
		Args:  exactArgs(0),
		RunE:  func(cmd *cobra.Command, args []string) error { return usagef("dict needs a subcommand: list") },
	}
	o := &dictOptions{io: io, global: g}
	list := &cobra.Command{
		Use:   "list [NAME...]",
		Short: "List the attacker groups, their aliases and where each alias came from",
		Long: `List the attacker dictionary: every group, malware family and actor with
its kind, why it is in the dictionary (leak: a leak-site group active
2023-2025, jp: named in attacks on Japanese organisations, kept: from the
first hand-made list, user: a --dict file), and every alias with its
sources (overlay: kohyo's own Japanese overlay; misp-galaxy/cluster:value:
the MISP galaxy snapshot; a file name: a user dictionary). A leading ~
marks an ambiguous alias that counts only with attacker context. NAME
arguments (any alias) show only those entries; --stats prints the coverage
instead.`,
		Example: `  kohyo dict list
  kohyo dict list ランサムハウス Fog
  kohyo dict list --stats
  kohyo dict list --dict my-groups.tsv --format json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.names = args
			return o.run()
		},
	}
	list.Flags().StringVar(&o.format, "format", "text", "output format: text or json")
	list.Flags().BoolVar(&o.stats, "stats", false, "print the coverage (groups, aliases, katakana forms, sources) instead of the list")
	addDictFlag(list, g)
	cmd.AddCommand(list)
	return cmd
}

// dictAlias and dictEntry are the JSON shape of `dict list --format json`.
type dictAlias struct {
	Alias     string   `json:"alias"`
	Ambiguous bool     `json:"ambiguous"`
	Sources   []string `json:"sources"`
}

type dictEntry struct {
	Name    string      `json:"name"`
	Kind    string      `json:"kind"`
	Basis   []string    `json:"basis"`
	Aliases []dictAlias `json:"aliases"`
}

func (o *dictOptions) run() error {
	if o.format != "text" && o.format != "json" {
		return usagef("--format must be text or json, not %q", o.format)
	}
	var d *dict.Dict
	var err error
	if dicts := o.global.userDicts(); len(dicts) > 0 {
		d, err = loadUserDicts(dicts)
	} else {
		d, err = dict.Default()
	}
	if err != nil {
		return err
	}
	entries := dictEntries(d)
	if len(o.names) > 0 {
		entries, err = selectEntries(entries, o.names)
		if err != nil {
			return err
		}
	}
	if o.stats {
		return o.printStats(dictStats(entries))
	}
	if o.format == "json" {
		enc := json.NewEncoder(o.io.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(entries)
	}
	var b strings.Builder
	for _, e := range entries {
		fmt.Fprintf(&b, "%s (%s; %s)\n", e.Name, e.Kind, strings.Join(e.Basis, ", "))
		for _, a := range e.Aliases {
			al := a.Alias
			if a.Ambiguous {
				al = "~" + al
			}
			fmt.Fprintf(&b, "  %s: %s\n", al, strings.Join(a.Sources, ", "))
		}
	}
	_, err = io.WriteString(o.io.Out, b.String())
	return err
}

func dictEntries(d *dict.Dict) []dictEntry {
	out := make([]dictEntry, 0, len(d.Attackers))
	for _, a := range d.Attackers {
		e := dictEntry{Name: a.Name, Kind: a.Kind, Basis: a.Basis}
		for _, al := range a.Aliases {
			e.Aliases = append(e.Aliases, dictAlias{
				Alias:     strings.TrimPrefix(al, "~"),
				Ambiguous: strings.HasPrefix(al, "~"),
				Sources:   a.Sources[dict.AliasKey(al)],
			})
		}
		out = append(out, e)
	}
	return out
}

// selectEntries keeps the entries one of names is an alias of.
func selectEntries(entries []dictEntry, names []string) ([]dictEntry, error) {
	var out []dictEntry
	for _, n := range names {
		k := dict.AliasKey(n)
		found := false
		for _, e := range entries {
			for _, a := range e.Aliases {
				if dict.AliasKey(a.Alias) == k {
					out = append(out, e)
					found = true
					break
				}
			}
			if found {
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("%q is not in the attacker dictionary", n)
		}
	}
	return out, nil
}

// dictCoverage is the `dict list --stats` report.
type dictCoverage struct {
	Entries        int            `json:"entries"`
	ByKind         map[string]int `json:"by_kind"`
	ByBasis        map[string]int `json:"by_basis"`
	Aliases        int            `json:"aliases"`
	Ambiguous      int            `json:"ambiguous_aliases"`
	Katakana       int            `json:"katakana_aliases"`
	WithKatakana   int            `json:"entries_with_katakana"`
	AliasesBySrc   map[string]int `json:"aliases_by_source"`
	EntriesFromSrc int            `json:"entries_with_a_source_cluster"`
}

func dictStats(entries []dictEntry) dictCoverage {
	c := dictCoverage{ByKind: map[string]int{}, ByBasis: map[string]int{}, AliasesBySrc: map[string]int{}}
	for _, e := range entries {
		c.Entries++
		c.ByKind[e.Kind]++
		for _, b := range e.Basis {
			c.ByBasis[b]++
		}
		kata, src := false, false
		for _, a := range e.Aliases {
			c.Aliases++
			if a.Ambiguous {
				c.Ambiguous++
			}
			if hasKatakana(a.Alias) {
				c.Katakana++
				kata = true
			}
			for _, s := range a.Sources {
				switch {
				case s == dict.SourceOverlay:
					c.AliasesBySrc[s]++
				case strings.HasPrefix(s, dict.SourceMISP):
					cl, _, _ := strings.Cut(strings.TrimPrefix(s, dict.SourceMISP), ":")
					c.AliasesBySrc[dict.SourceMISP+cl]++
					src = true
				default:
					c.AliasesBySrc[dict.BasisUser]++
				}
			}
		}
		if kata {
			c.WithKatakana++
		}
		if src {
			c.EntriesFromSrc++
		}
	}
	return c
}

func hasKatakana(s string) bool {
	for _, r := range s {
		if r >= 'ァ' && r <= 'ヺ' {
			return true
		}
	}
	return false
}

func (o *dictOptions) printStats(c dictCoverage) error {
	if o.format == "json" {
		enc := json.NewEncoder(o.io.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(c)
	}
	w := tabwriter.NewWriter(o.io.Out, 0, 8, 2, ' ', 0)
	fmt.Fprintf(w, "entries\t%d\t%s\n", c.Entries, counts(c.ByKind))
	fmt.Fprintf(w, "basis\t\t%s\n", counts(c.ByBasis))
	fmt.Fprintf(w, "entries with a source cluster\t%d\n", c.EntriesFromSrc)
	fmt.Fprintf(w, "entries with a katakana form\t%d\n", c.WithKatakana)
	fmt.Fprintf(w, "aliases\t%d\t(ambiguous %d, katakana %d)\n", c.Aliases, c.Ambiguous, c.Katakana)
	fmt.Fprintf(w, "aliases by source\t\t%s\n", counts(c.AliasesBySrc))
	return w.Flush()
}

// counts writes a map as "k n, k n" in key order.
func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
