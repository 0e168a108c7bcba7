package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// collection names one Adobe character collection in cmap-resources: the
// directory holding its CMaps and cid2code.txt, and the cid2code column
// whose UTF-32 values give each CID's Unicode character.
type collection struct {
	ordering string   // "Japan1"
	dir      string   // "Adobe-Japan1-7"
	columns  []string // "UniJIS-UTF32", then columns for CIDs it leaves out
}

// For Adobe-Japan1 the half-width forms (CIDs 231–632, which Shift_JIS
// codes reach) have no value in UniJIS-UTF32 but do in UniJIS-UCS2-HW,
// and JIS X 0213 characters in the 2004 and X0213 columns.
var collections = []collection{
	{"Japan1", "Adobe-Japan1-7", []string{"UniJIS-UTF32", "UniJIS-UCS2-HW", "UniJIS2004-UTF32", "UniJISX0213-UTF32"}},
	{"GB1", "Adobe-GB1-6", []string{"UniGB-UTF32"}},
	{"CNS1", "Adobe-CNS1-7", []string{"UniCNS-UTF32"}},
	{"Korea1", "Adobe-Korea1-2", []string{"UniKS-UTF32"}},
}

// predefined lists the CMaps that PDF 2.0 (ISO 32000-2, table 116)
// predefines besides Identity-H and Identity-V; only these are embedded.
var predefined = strings.Fields(`
	GB-EUC-H GB-EUC-V GBpc-EUC-H GBpc-EUC-V GBK-EUC-H GBK-EUC-V GBKp-EUC-H GBKp-EUC-V
	GBK2K-H GBK2K-V UniGB-UCS2-H UniGB-UCS2-V UniGB-UTF16-H UniGB-UTF16-V
	B5pc-H B5pc-V HKscs-B5-H HKscs-B5-V ETen-B5-H ETen-B5-V ETenms-B5-H ETenms-B5-V
	CNS-EUC-H CNS-EUC-V UniCNS-UCS2-H UniCNS-UCS2-V UniCNS-UTF16-H UniCNS-UTF16-V
	83pv-RKSJ-H 90ms-RKSJ-H 90ms-RKSJ-V 90msp-RKSJ-H 90msp-RKSJ-V 90pv-RKSJ-H
	Add-RKSJ-H Add-RKSJ-V EUC-H EUC-V Ext-RKSJ-H Ext-RKSJ-V H V
	UniJIS-UCS2-H UniJIS-UCS2-V UniJIS-UCS2-HW-H UniJIS-UCS2-HW-V UniJIS-UTF16-H UniJIS-UTF16-V
	KSC-EUC-H KSC-EUC-V KSCms-UHC-H KSCms-UHC-V KSCms-UHC-HW-H KSCms-UHC-HW-V KSCpc-EUC-H
	UniKS-UCS2-H UniKS-UCS2-V UniKS-UTF16-H UniKS-UTF16-V`)

func wanted(name string) bool { return slices.Contains(predefined, name) }

// generate reads a checkout of github.com/adobe-type-tools/cmap-resources
// and returns the uncompressed payload described in ../format.go.
func generate(src fs.FS, commit string) ([]byte, error) {
	var out bytes.Buffer
	out.WriteString(magic)
	putString(&out, commit)
	putUvarint(&out, uint64(len(collections)))
	for _, c := range collections {
		if err := writeCollection(&out, src, c); err != nil {
			return nil, fmt.Errorf("%s: %w", c.dir, err)
		}
	}
	return out.Bytes(), nil
}

const magic = "KCJK1\n"

func writeCollection(out *bytes.Buffer, src fs.FS, c collection) error {
	uni, err := readCID2Code(src, path.Join(c.dir, "cid2code.txt"), c.columns)
	if err != nil {
		return err
	}
	putString(out, c.ordering)
	writeUnicode(out, uni)

	entries, err := fs.ReadDir(src, path.Join(c.dir, "CMap"))
	if err != nil {
		return err
	}
	var names []string
	for _, e := range entries {
		if wanted(e.Name()) {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	putUvarint(out, uint64(len(names)))
	for _, name := range names {
		b, err := fs.ReadFile(src, path.Join(c.dir, "CMap", name))
		if err != nil {
			return err
		}
		m, err := parseCMapFile(b)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if m.name != name {
			return fmt.Errorf("%s: file names CMap %q", name, m.name)
		}
		if m.use != "" && !slices.Contains(names, m.use) {
			return fmt.Errorf("%s: uses %s, which is not embedded", name, m.use)
		}
		writeCMap(out, m)
	}
	return nil
}

// readCID2Code returns, for each CID, the Unicode code point of the first
// of the named Unicode columns of cid2code.txt that has one (0 where none
// has). Where a CID lists several code points, the first that is not a
// presentation form is taken (see preferred).
func readCID2Code(src fs.FS, name string, columns []string) ([]rune, error) {
	b, err := fs.ReadFile(src, name)
	if err != nil {
		return nil, err
	}
	var cols []int
	var uni []rune
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		fields := strings.Split(line, "\t")
		if fields[0] == "CID" {
			for _, column := range columns {
				col := slices.Index(fields, column)
				if col < 0 {
					return nil, fmt.Errorf("%s: no column %s", name, column)
				}
				cols = append(cols, col)
			}
			continue
		}
		if cols == nil {
			return nil, fmt.Errorf("%s: data before the header line", name)
		}
		cid, err := strconv.Atoi(fields[0])
		if err != nil || cid != len(uni) || len(fields) <= slices.Max(cols) {
			return nil, fmt.Errorf("%s: bad line %q", name, line)
		}
		var r rune
		for _, col := range cols {
			if r, err = preferred(fields[col]); err != nil {
				return nil, fmt.Errorf("%s: CID %d: %w", name, cid, err)
			}
			if r != 0 {
				break
			}
		}
		uni = append(uni, r)
	}
	return uni, sc.Err()
}

// preferred picks one code point from a cid2code cell such as
// "00002f00,00004e00" or "0000fe11,00003001v". Kangxi radicals, vertical
// and compatibility presentation forms and the no-break space come last,
// so that CID 1200 reads 一 (U+4E00), not ⼀ (U+2F00), and the vertical
// comma reads 、 (U+3001), the character a reader searches for.
func preferred(cell string) (rune, error) {
	if cell == "*" {
		return 0, nil
	}
	best, bestRank := rune(0), 99
	for _, v := range strings.Split(cell, ",") {
		v = strings.TrimSuffix(strings.TrimSpace(v), "v")
		n, err := strconv.ParseUint(v, 16, 32)
		if err != nil {
			return 0, err
		}
		r := rune(n)
		rank := 0
		switch {
		case r >= 0x2E80 && r <= 0x2FDF, r >= 0xFE10 && r <= 0xFE1F, r >= 0xFE30 && r <= 0xFE4F, r == 0xA0:
			rank = 1
		}
		if rank < bestRank {
			best, bestRank = r, rank
		}
	}
	return best, nil
}

// writeUnicode stores the CID→Unicode table as runs: CIDs skipped since the
// last run, the run length, and the first code point as a signed delta from
// the code point that would follow the last run.
func writeUnicode(out *bytes.Buffer, uni []rune) {
	type run struct{ cid, n, r int }
	var runs []run
	for cid, r := range uni {
		if r == 0 {
			continue
		}
		if k := len(runs) - 1; k >= 0 && runs[k].cid+runs[k].n == cid && runs[k].r+runs[k].n == int(r) {
			runs[k].n++
			continue
		}
		runs = append(runs, run{cid, 1, int(r)})
	}
	putUvarint(out, uint64(len(uni)))
	putUvarint(out, uint64(len(runs)))
	nextCID, nextR := 0, 0
	for _, r := range runs {
		putUvarint(out, uint64(r.cid-nextCID))
		putUvarint(out, uint64(r.n))
		putVarint(out, int64(r.r-nextR))
		nextCID, nextR = r.cid+r.n, r.r+r.n
	}
}

// cmapFile is what the generator keeps of one CMap file.
type cmapFile struct {
	name     string
	use      string
	vertical bool
	spaces   []span // codespace ranges
	cids     []span // cidrange and cidchar, in file order
	notdefs  []span // notdefrange and notdefchar
}

// span maps codes lo..hi (nbytes long) to CIDs cid, cid+1, ...
type span struct {
	nbytes int
	lo, hi uint32
	cid    uint32
}

// parseCMapFile reads the parts of a predefined CMap that text extraction
// needs. Predefined CMaps are regular: one operator or entry per line.
func parseCMapFile(b []byte) (*cmapFile, error) {
	m := &cmapFile{}
	var block string
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '%' {
			continue
		}
		f := strings.Fields(line)
		switch {
		case len(f) == 3 && f[0] == "/CMapName" && f[2] == "def":
			m.name = strings.TrimPrefix(f[1], "/")
		case len(f) == 3 && f[0] == "/WMode" && f[2] == "def":
			m.vertical = f[1] == "1"
		case len(f) == 2 && f[1] == "usecmap":
			m.use = strings.TrimPrefix(f[0], "/")
		case len(f) == 2 && strings.HasPrefix(f[1], "begin"):
			block = strings.TrimPrefix(f[1], "begin")
		case len(f) == 1 && strings.HasPrefix(f[0], "end") && block != "":
			block = ""
		case block != "":
			s, err := parseEntry(block, f)
			if err != nil {
				return nil, fmt.Errorf("%q: %w", line, err)
			}
			switch block {
			case "codespacerange":
				m.spaces = append(m.spaces, s)
			case "cidrange", "cidchar":
				m.cids = append(m.cids, s)
			case "notdefrange", "notdefchar":
				m.notdefs = append(m.notdefs, s)
			default:
				return nil, fmt.Errorf("unexpected block %s", block)
			}
		}
	}
	if m.name == "" {
		return nil, errors.New("no CMapName")
	}
	if len(m.spaces) == 0 && m.use == "" {
		return nil, errors.New("no codespace and no usecmap")
	}
	return m, nil
}

func parseEntry(block string, f []string) (span, error) {
	var s span
	want := 3
	if strings.HasSuffix(block, "char") {
		want = 2
	} else if block == "codespacerange" {
		want = 2
	}
	if len(f) != want {
		return s, fmt.Errorf("want %d fields", want)
	}
	lo, err := hexCode(f[0])
	if err != nil {
		return s, err
	}
	s.nbytes = len(lo)
	hi := lo
	if block != "cidchar" && block != "notdefchar" {
		if hi, err = hexCode(f[1]); err != nil {
			return s, err
		}
		if len(hi) != len(lo) {
			return s, errors.New("range ends differ in length")
		}
	}
	s.lo, s.hi = codeValue(lo), codeValue(hi)
	if s.hi < s.lo {
		return s, errors.New("range ends reversed")
	}
	if block != "codespacerange" {
		cid, err := strconv.ParseUint(f[len(f)-1], 10, 32)
		if err != nil {
			return s, err
		}
		s.cid = uint32(cid)
	}
	return s, nil
}

func hexCode(s string) ([]byte, error) {
	if len(s) < 4 || s[0] != '<' || s[len(s)-1] != '>' {
		return nil, fmt.Errorf("bad code %q", s)
	}
	b, err := hex.DecodeString(s[1 : len(s)-1])
	if err != nil || len(b) == 0 || len(b) > 4 {
		return nil, fmt.Errorf("bad code %q", s)
	}
	return b, nil
}

func codeValue(b []byte) uint32 {
	var v uint32
	for _, c := range b {
		v = v<<8 | uint32(c)
	}
	return v
}

// writeCMap stores one CMap: name, base CMap, writing mode, codespace
// ranges, then the CID spans and the notdef spans. Spans are merged where
// consecutive and delta-coded.
func writeCMap(out *bytes.Buffer, m *cmapFile) {
	putString(out, m.name)
	putString(out, m.use)
	if m.vertical {
		out.WriteByte(1)
	} else {
		out.WriteByte(0)
	}
	putUvarint(out, uint64(len(m.spaces)))
	for _, s := range m.spaces {
		out.WriteByte(byte(s.nbytes))
		putUvarint(out, uint64(s.lo))
		putUvarint(out, uint64(s.hi-s.lo))
	}
	writeSpans(out, merge(m.cids))
	writeSpans(out, m.notdefs)
}

// merge joins spans that continue one another in both code and CID. Order
// is kept: a later entry of a CMap overrides an earlier one.
func merge(in []span) []span {
	var out []span
	for _, s := range in {
		if k := len(out) - 1; k >= 0 {
			p := &out[k]
			if p.nbytes == s.nbytes && p.hi+1 == s.lo && p.cid+(p.hi-p.lo)+1 == s.cid {
				p.hi = s.hi
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

func writeSpans(out *bytes.Buffer, spans []span) {
	putUvarint(out, uint64(len(spans)))
	var nextCode, nextCID int64
	for _, s := range spans {
		out.WriteByte(byte(s.nbytes))
		putVarint(out, int64(s.lo)-nextCode)
		putUvarint(out, uint64(s.hi-s.lo))
		putVarint(out, int64(s.cid)-nextCID)
		nextCode = int64(s.hi) + 1
		nextCID = int64(s.cid) + int64(s.hi-s.lo) + 1
	}
}

func putUvarint(out *bytes.Buffer, v uint64) { out.Write(binary.AppendUvarint(nil, v)) }
func putVarint(out *bytes.Buffer, v int64)   { out.Write(binary.AppendVarint(nil, v)) }
func putString(out *bytes.Buffer, s string) {
	putUvarint(out, uint64(len(s)))
	out.WriteString(s)
}
