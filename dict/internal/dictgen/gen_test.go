package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCommittedDictionaryIsGenerated: the committed attackers.tsv and
// attacker-sources.tsv are exactly what the generator makes of the
// committed snapshot, overlay and word list (run `go generate ./dict` after
// changing any of them).
func TestCommittedDictionaryIsGenerated(t *testing.T) {
	dir := filepath.Join("..", "..")
	out, err := buildDir(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	again, err := buildDir(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Attackers, again.Attackers) || !bytes.Equal(out.Sources, again.Sources) {
		t.Fatal("two builds of the same inputs differ")
	}
	// an alias that holds another entry's alias would report both
	for _, o := range out.Review.Overlaps {
		t.Errorf("overlap: %s", o)
	}
	for name, got := range map[string][]byte{"attackers.tsv": out.Attackers, "attacker-sources.tsv": out.Sources} {
		want, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("dict/%s is not what the generator makes: run go generate ./dict", name)
		}
	}
}

const testSnapshot = `# source: test snapshot
# licence: CC0-1.0
ransomware	Acme Locker	u1	leak	AcmeCrypt|G0001|Operation Night
ransomware	dusk	u2	leak	-
ransomware	Umbrella	u3	-	Dusk Team|Shared Name
ransomware	Other	u4	-	Shared Name
ransomware	Unused	u5	leak	-
threat-actor	Teal Owl	u6	-	Fox|Tohnichi
`

const testOverlay = `# Ransomware
Acme Locker	ransomware	アクメロッカー|!ACME	ransomware:Acme Locker	leak
Dusk	ransomware	ダスク	ransomware:dusk	leak
Umbrella	ransomware	-	ransomware:Umbrella	leak
Other	ransomware	~Shade	ransomware:Other	leak
# Actors
Teal Owl	actor	-Tohnichi	threat-actor:Teal Owl	jp
`

func TestBuildRules(t *testing.T) {
	out, err := Build(Inputs{
		Snapshot: strings.NewReader(testSnapshot),
		Overlay:  strings.NewReader(testOverlay),
		Words:    strings.NewReader("dusk\nshade\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := string(out.Attackers)
	for _, want := range []string{
		"Acme Locker\transomware\tアクメロッカー|ACME|AcmeCrypt\n", // reviewed short name stays plain; ids and operations go
		"Dusk\transomware\t~Dusk|ダスク\n",                     // an everyday word
		"Umbrella\transomware\tDusk Team\n",                 // a name two clusters give goes from both
		"Other\transomware\t~Shade\n",
		"Teal Owl\tactor\t~Fox\n", // short-name rule; the overlay drops a company name
		"# Actors\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("attackers.tsv lacks %q:\n%s", want, got)
		}
	}
	src := string(out.Sources)
	for _, want := range []string{
		"Acme Locker\tleak\tAcme Locker\tmisp-galaxy/ransomware:Acme Locker\n",
		"Acme Locker\tleak\tアクメロッカー\toverlay\n",
		"Dusk\tleak\tDusk\tmisp-galaxy/ransomware:dusk\n",
	} {
		if !strings.Contains(src, want) {
			t.Errorf("attacker-sources.tsv lacks %q:\n%s", want, src)
		}
	}
	rv := out.Review
	if len(rv.Filtered) != 2 || len(rv.Dropped) != 2 || rv.Unselected != 1 || len(rv.ShortMarked) != 1 || len(rv.WordMarked) != 1 ||
		len(rv.Overlaps) != 1 || !strings.Contains(rv.Overlaps[0], "Umbrella: dusk team holds dusk (Dusk)") {
		t.Errorf("review = %+v", rv)
	}
}

func TestBuildErrors(t *testing.T) {
	for _, tc := range []struct{ name, overlay, want string }{
		{"unknown source", "X\transomware\t-\transomware:Nope\tleak\n", "not in the snapshot"},
		{"unknown kind", "X\tworm\t-\t-\tleak\n", "unknown kind"},
		{"field count", "X\transomware\t-\n", "want 5 fields"},
		{"one alias, two entries", "X\transomware\tZed\t-\tleak\nY\transomware\tZed\t-\tleak\n", "is both X and Y"},
		{"one name twice", "X\transomware\t-\t-\tleak\nx\tactor\t-\t-\tjp\n", "are one name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(Inputs{Snapshot: strings.NewReader(testSnapshot), Overlay: strings.NewReader(tc.overlay), Words: strings.NewReader("")})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
