package dict

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// User dictionaries add attacker names without rebuilding kohyo: TSV files
// in the attackers.tsv format (name <TAB> kind <TAB> alias|alias|..., the
// aliases field "-" for none, '~' marking an ambiguous alias, '#' comment
// lines). A record whose name or alias is already a dictionary name or
// alias adds its name and aliases to that entry; any other record is a new
// entry.
// A record whose names belong to two different entries is an error: a user
// dictionary extends the built-in one and never re-points its aliases.

// Where an alias came from (Attacker.Sources) and why an entry is in the
// dictionary (Attacker.Basis). A user dictionary's aliases name its file.
const (
	SourceOverlay = "overlay"      // kohyo's own overlay.tsv
	SourceMISP    = "misp-galaxy/" // prefix of a MISP galaxy cluster: misp-galaxy/ransomware:Value

	BasisLeak = "leak" // a group active on leak sites in 2023-2025
	BasisJP   = "jp"   // named in attacks on Japanese organisations
	BasisKept = "kept" // from the first hand-made list
	BasisUser = "user" // added by a user dictionary
)

// ErrAliasTaken is returned (wrapped in a *UserDictError) when a user
// dictionary gives an alias that belongs to another entry.
var ErrAliasTaken = errors.New("alias belongs to another entry")

// UserDictError locates a problem in a user dictionary.
type UserDictError struct {
	File string
	Line int // 0 when the file could not be read at all
	Err  error
}

func (e *UserDictError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("user dictionary %s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("user dictionary %s:%d: %v", e.File, e.Line, e.Err)
}

func (e *UserDictError) Unwrap() error { return e.Err }

// LoadUser returns the embedded dictionaries extended by the user
// dictionary files at paths, in order. The embedded dictionaries are not
// changed.
func LoadUser(paths ...string) (*Dict, error) {
	d, err := Default()
	if err != nil {
		return nil, err
	}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, &UserDictError{File: p, Err: err}
		}
		d, err = d.WithUserAttackers(p, f)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return d, nil
}

// WithUserAttackers returns a copy of d extended by the attacker records
// read from r; name is the file name that errors and Sources report.
func (d *Dict) WithUserAttackers(name string, r io.Reader) (*Dict, error) {
	out := *d
	out.Attackers = make([]Attacker, len(d.Attackers))
	copy(out.Attackers, d.Attackers)
	owner := map[string]int{} // alias key → index in out.Attackers
	for i, a := range out.Attackers {
		for _, al := range a.Aliases {
			owner[AliasKey(al)] = i
		}
	}
	cloned := map[int]bool{} // entries already copied deeply
	err := scanTSV(r, name, 3, 3, func(f []string) error {
		u, err := parseAttacker(f)
		if err != nil {
			return err
		}
		target := -1
		for _, al := range u.Aliases {
			if i, ok := owner[AliasKey(al)]; ok {
				if target >= 0 && i != target {
					return fmt.Errorf("%w: %s is %s, but %s is %s", ErrAliasTaken,
						u.Aliases[0], out.Attackers[target].Name, al, out.Attackers[i].Name)
				}
				target = i
			}
		}
		if target < 0 {
			u.Basis = []string{BasisUser}
			u.Sources = map[string][]string{}
			for _, al := range u.Aliases {
				u.Sources[AliasKey(al)] = []string{name}
				owner[AliasKey(al)] = len(out.Attackers)
			}
			cloned[len(out.Attackers)] = true
			out.Attackers = append(out.Attackers, u)
			return nil
		}
		if !cloned[target] {
			a := out.Attackers[target]
			a.Aliases = slices.Clone(a.Aliases)
			src := make(map[string][]string, len(a.Sources)+len(u.Aliases))
			for k, v := range a.Sources {
				src[k] = v
			}
			a.Sources = src
			out.Attackers[target] = a
			cloned[target] = true
		}
		a := &out.Attackers[target]
		for _, al := range u.Aliases {
			k := AliasKey(al)
			if _, ok := owner[k]; ok {
				continue
			}
			owner[k] = target
			a.Aliases = append(a.Aliases, al)
			a.Sources[k] = []string{name}
		}
		return nil
	})
	if err != nil {
		var le *lineError
		if errors.As(err, &le) {
			return nil, &UserDictError{File: name, Line: le.line, Err: le.err}
		}
		return nil, &UserDictError{File: name, Err: err}
	}
	return &out, nil
}
