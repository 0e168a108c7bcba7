package dict

import (
	"errors"
	"strings"
	"testing"
)

// TestAttackerSources: every alias says where it came from.
func TestAttackerSources(t *testing.T) {
	d := load(t)
	for _, a := range d.Attackers {
		if len(a.Basis) == 0 {
			t.Errorf("%s: no basis", a.Name)
		}
		for _, al := range a.Aliases {
			src := a.Sources[AliasKey(al)]
			if len(src) == 0 {
				t.Errorf("%s: alias %q has no source", a.Name, al)
			}
			for _, s := range src {
				if s != SourceOverlay && !strings.HasPrefix(s, SourceMISP) {
					t.Errorf("%s: alias %q: unknown source %q", a.Name, al, s)
				}
			}
		}
	}
}

// TestIssueGroups: the leak-site groups of 2023-2025 that the first list
// lacked are known under one canonical name each, with their aliases.
func TestIssueGroups(t *testing.T) {
	d := load(t)
	byKey := map[string]string{}
	amb := map[string]bool{}
	for _, a := range d.Attackers {
		for _, al := range a.Aliases {
			byKey[AliasKey(al)] = a.Name
			amb[AliasKey(al)] = strings.HasPrefix(al, "~")
		}
	}
	for _, tc := range []struct {
		alias, name string
		ambiguous   bool
	}{
		{"RansomHouse", "RansomHouse", false}, {"ランサムハウス", "RansomHouse", false},
		{"SafePay", "SafePay", false}, {"Fog", "Fog", true}, {"Embargo", "Embargo", true},
		{"Gunra", "Gunra", false}, {"World Leaks", "World Leaks", false}, {"WorldLeaks", "World Leaks", false},
		{"Kawa4096", "Kawa4096", false}, {"Nightspire", "Nightspire", false}, {"Space Bears", "Space Bears", false},
		{"Makop", "Makop", false}, {"RansomEXX", "RansomEXX", false}, {"Defray777", "RansomEXX", false},
		{"Daixin", "Daixin", false}, {"Abyss", "Abyss", true}, {"Helldown", "Helldown", false},
		{"Brain Cipher", "Brain Cipher", false}, {"Sinobi", "Sinobi", false}, {"Warlock", "Warlock", true},
		{"Kairos", "Kairos", true}, {"Termite", "Termite", true}, {"Stormous", "Stormous", false},
		{"Play", "Play", true}, {"Chaos", "Chaos", true}, {"Lynx", "Lynx", true}, {"メデューサ", "Medusa", true},
		{"Megazord", "Akira", false}, {"ThreeAM", "3AM", false}, {"El Dorado", "BlackLock", false},
	} {
		if got := byKey[AliasKey(tc.alias)]; got != tc.name {
			t.Errorf("%s → %q, want %q", tc.alias, got, tc.name)
		}
		if amb[AliasKey(tc.alias)] != tc.ambiguous {
			t.Errorf("%s: ambiguous = %v, want %v", tc.alias, !tc.ambiguous, tc.ambiguous)
		}
	}
	// company names that a source gives as an alias never are one
	for _, w := range []string{"Tohnichi", "global", "ncov"} {
		if n, ok := byKey[AliasKey(w)]; ok {
			t.Errorf("%s is an alias of %s", w, n)
		}
	}
}

func TestUserDictionary(t *testing.T) {
	d := load(t)
	const user = "# my groups\n" +
		"Moonlit Heron\transomware\tムーンリットヘロン|~Heron\n" +
		"LockBit\transomware\tロックビット5.0\n" + // extends an entry by its name
		"ブラックバスタ\transomware\tBlackBasta 2\n" + // ... or by an alias
		"Silent Crane\tactor\t-\n" +
		"Night Lantern\transomware\tBlackCat\n" // a new name for a known group joins it
	u, err := d.WithUserAttackers("my.tsv", strings.NewReader(user))
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Attackers) != len(d.Attackers)+2 {
		t.Errorf("%d entries, want %d", len(u.Attackers), len(d.Attackers)+2)
	}
	find := func(dd *Dict, name string) *Attacker {
		for i := range dd.Attackers {
			if dd.Attackers[i].Name == name {
				return &dd.Attackers[i]
			}
		}
		return nil
	}
	h := find(u, "Moonlit Heron")
	if h == nil || len(h.Aliases) != 3 || h.Aliases[2] != "~Heron" || h.Sources[AliasKey("Heron")][0] != "my.tsv" || h.Basis[0] != BasisUser {
		t.Errorf("new entry = %+v", h)
	}
	lb := find(u, "LockBit")
	if lb.Aliases[len(lb.Aliases)-1] != "ロックビット5.0" || lb.Sources[AliasKey("ロックビット5.0")][0] != "my.tsv" {
		t.Errorf("LockBit aliases = %v", lb.Aliases)
	}
	if bb := find(u, "Black Basta"); bb.Aliases[len(bb.Aliases)-1] != "BlackBasta 2" {
		t.Errorf("Black Basta aliases = %v", bb.Aliases)
	}
	if a := find(u, "ALPHV"); a.Aliases[len(a.Aliases)-1] != "Night Lantern" || find(u, "Night Lantern") != nil {
		t.Errorf("ALPHV aliases = %v", a.Aliases)
	}
	if orig := find(d, "LockBit"); len(orig.Aliases) == len(lb.Aliases) || orig.Sources[AliasKey("ロックビット5.0")] != nil {
		t.Error("the user dictionary changed the embedded one")
	}

	for _, tc := range []struct{ name, in, want string }{
		{"two entries", "#\nLockBit\transomware\tAkira\n", "my.tsv:2: alias belongs to another entry: LockBit is LockBit, but Akira is Akira"},
		{"kind", "X Group\tgang\t-\n", "my.tsv:1: X Group: unknown kind"},
		{"fields", "X Group\n", "my.tsv:1: want 3 to 3 tab-separated fields"},
		{"empty alias", "X Group\tactor\tA||B\n", "my.tsv:1: empty alias"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := d.WithUserAttackers("my.tsv", strings.NewReader(tc.in))
			var ue *UserDictError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := LoadUser("testdata/does-not-exist.tsv"); err == nil || !strings.Contains(err.Error(), "does-not-exist.tsv") {
		t.Errorf("missing file: err = %v", err)
	}
}

// FuzzWithUserAttackers: a user dictionary of any content gives an error
// or a dictionary whose every entry has a name, a known kind and aliases
// that no other entry has; it never panics and never changes the
// embedded dictionary.
func FuzzWithUserAttackers(f *testing.F) {
	for _, s := range []string{
		"Moonlit Heron\transomware\tムーンリットヘロン|~Heron\n",
		"LockBit\transomware\tロックビット5.0\n# c\n\n",
		"ブラックバスタ\tactor\t-\r\n",
		"X\tmalware\t~\n", "\t\t\n", "A\tactor\tB|b|~B\nB\tactor\tC\n",
	} {
		f.Add(s)
	}
	d, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	n := len(d.Attackers)
	f.Fuzz(func(t *testing.T, s string) {
		u, err := d.WithUserAttackers("fuzz.tsv", strings.NewReader(s))
		if len(d.Attackers) != n {
			t.Fatal("the embedded dictionary changed")
		}
		if err != nil {
			return
		}
		owner := map[string]string{}
		for _, a := range u.Attackers {
			if AliasKey(a.Name) == "" || len(a.Aliases) == 0 {
				t.Fatalf("bad entry %+v", a)
			}
			switch a.Kind {
			case KindRansomware, KindMalware, KindActor:
			default:
				t.Fatalf("%s: kind %q", a.Name, a.Kind)
			}
			for _, al := range a.Aliases {
				k := AliasKey(al)
				if o, ok := owner[k]; ok && o != a.Name {
					t.Fatalf("alias %q in %s and %s", al, o, a.Name)
				}
				owner[k] = a.Name
			}
		}
	})
}
