// Command dictgen builds kohyo's attacker dictionary (dict/attackers.tsv and
// dict/attacker-sources.tsv) from the source snapshot and the overlay. Run
// it as `go generate ./dict`. With -snapshot it first refreshes the
// snapshot from a checkout of the MISP galaxy repository.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "dictgen:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("dictgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", ".", "the dict directory")
	snapshot := fs.String("snapshot", "", "refresh source/misp-galaxy.tsv from this MISP galaxy checkout first")
	commit := fs.String("commit", "", "with -snapshot: the checkout's commit")
	date := fs.String("date", "", "with -snapshot: the commit's date (YYYY-MM-DD)")
	words := fs.String("review-words", "", "a word list (such as /usr/share/dict/words) whose words among unmarked aliases are listed for review")
	verbose := fs.Bool("v", false, "list every review item")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *snapshot != "" {
		if *commit == "" || *date == "" {
			return fmt.Errorf("-snapshot needs -commit and -date")
		}
		ov, err := os.Open(filepath.Join(*dir, "overlay.tsv"))
		if err != nil {
			return err
		}
		var b bytes.Buffer
		err = writeSnapshot(&b, filepath.Join(*snapshot, "clusters"), *commit, *date, ov)
		ov.Close()
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(*dir, "source", "misp-galaxy.tsv"), b.Bytes(), 0o644); err != nil {
			return err
		}
	}
	out, err := buildDir(*dir, *words)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*dir, "attackers.tsv"), out.Attackers, 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(*dir, "attacker-sources.tsv"), out.Sources, 0o644); err != nil {
		return err
	}
	rv := out.Review
	for _, l := range []struct {
		what  string
		items []string
	}{
		{"ambiguous by the short-name rule (mark ! in overlay.tsv if wrong)", rv.ShortMarked},
		{"ambiguous by words.txt", rv.WordMarked},
		{"source aliases two entries claim, dropped", rv.Dropped},
		{"source synonyms that are no names, skipped", rv.Filtered},
		{"unmarked aliases that the review word list knows (mark ~ or ! in overlay.tsv)", rv.Candidates},
		{"aliases that hold another entry's alias as a word (drop one with -X in overlay.tsv)", rv.Overlaps},
	} {
		fmt.Fprintf(stderr, "review: %d %s\n", len(l.items), l.what)
		if *verbose || l.what[:9] == "unmarked " || l.what[:9] == "aliases t" {
			for _, it := range l.items {
				fmt.Fprintf(stderr, "\t%s\n", it)
			}
		}
	}
	fmt.Fprintf(stderr, "review: %d leak-site clusters of the snapshot are not in the dictionary\n", rv.Unselected)
	return nil
}

// buildDir runs Build on the files of the dict directory.
func buildDir(dir, reviewWords string) (*Output, error) {
	read := func(name string) (io.Reader, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		return bytes.NewReader(b), nil
	}
	var in Inputs
	var err error
	if in.Snapshot, err = read("source/misp-galaxy.tsv"); err != nil {
		return nil, err
	}
	if in.Overlay, err = read("overlay.tsv"); err != nil {
		return nil, err
	}
	if in.Words, err = read("words.txt"); err != nil {
		return nil, err
	}
	if reviewWords != "" {
		b, err := os.ReadFile(reviewWords)
		if err != nil {
			return nil, err
		}
		in.Review = strings.NewReader(string(b))
	}
	return Build(in)
}
