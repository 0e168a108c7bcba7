package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// The snapshot: the MISP galaxy clusters the dictionary is built from,
// trimmed to what the build reads (value, uuid, synonyms, whether the
// cluster lists leak sites) and kept in the repository as
// source/misp-galaxy.tsv. It holds every ransomware cluster with leak-site
// links (so that a refresh shows the groups not yet selected) and every
// cluster the overlay references.

// snapshotClusters are the galaxy files read, in output order.
var snapshotClusters = []string{"ransomware", "threat-actor", "malpedia"}

type galaxyFile struct {
	Values []struct {
		Value string `json:"value"`
		UUID  string `json:"uuid"`
		Meta  struct {
			Synonyms []string `json:"synonyms"`
			Links    []string `json:"links"`
		} `json:"meta"`
	} `json:"values"`
}

// writeSnapshot reads the galaxy cluster files under clustersDir and
// writes the trimmed snapshot for the references of overlay.
func writeSnapshot(w io.Writer, clustersDir, commit, date string, overlay io.Reader) error {
	ov, err := readOverlay(overlay)
	if err != nil {
		return fmt.Errorf("overlay.tsv: %w", err)
	}
	want := map[string]bool{}
	for _, e := range ov {
		for _, r := range e.Sources {
			want[r] = true
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# source: MISP galaxy clusters %s, commit %s (%s)\n",
		strings.Join(snapshotClusters, ", "), commit, date)
	b.WriteString("# licence: CC0-1.0 or BSD-2-Clause, see dict/source/LICENSE-misp-galaxy.md\n")
	b.WriteString("# Trimmed by `go run ./dict/internal/dictgen -snapshot DIR`: every ransomware cluster with leak-site links and every cluster overlay.tsv names.\n")
	b.WriteString("# cluster\tvalue\tuuid\tleak (leak or -)\tsynonyms (| separated, - for none)\n")
	found := map[string]bool{}
	for _, name := range snapshotClusters {
		raw, err := os.ReadFile(filepath.Join(clustersDir, name+".json"))
		if err != nil {
			return err
		}
		var g galaxyFile
		if err := json.Unmarshal(raw, &g); err != nil {
			return fmt.Errorf("%s.json: %w", name, err)
		}
		sort.Slice(g.Values, func(i, j int) bool { return g.Values[i].Value < g.Values[j].Value })
		for _, v := range g.Values {
			ref := name + ":" + v.Value
			leak := name == "ransomware" && len(v.Meta.Links) > 0
			if !leak && !want[ref] {
				continue
			}
			found[ref] = true
			syn := "-"
			var ss []string
			for _, s := range v.Meta.Synonyms {
				s = clean(s)
				if s != "" && s != v.Value && !contains(ss, s) {
					ss = append(ss, s)
				}
			}
			if len(ss) > 0 {
				syn = strings.Join(ss, "|")
			}
			l := "-"
			if leak {
				l = "leak"
			}
			fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\n", name, clean(v.Value), v.UUID, l, syn)
		}
	}
	var missing []string
	for _, r := range slices.Sorted(maps.Keys(want)) {
		if !found[r] {
			missing = append(missing, r)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("overlay.tsv references clusters the sources do not have: %s", strings.Join(missing, ", "))
	}
	_, err = w.Write(b.Bytes())
	return err
}

// clean keeps a value on one TSV field.
func clean(s string) string {
	s = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ", "|", "/").Replace(s)
	return strings.TrimSpace(s)
}
