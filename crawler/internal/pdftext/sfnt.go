package pdftext

import (
	"encoding/binary"

	"github.com/ledongthuc/pdf"
)

// An embedded TrueType or OpenType font whose CIDs are glyph numbers
// (ordering Adobe-Identity) and that has no ToUnicode map can still say
// what its glyphs are: its own cmap table maps characters to glyphs, and
// turned round it maps glyphs to characters. Only that table is read
// (embedded subsets often lack the others that font libraries insist on,
// such as golang.org/x/image/font/sfnt).

// maxFontBytes caps how much of an embedded font file is read.
const maxFontBytes = 32 << 20

// embeddedFont is a composite font's embedded TrueType/OpenType file and
// its CID→glyph map, read on first need.
type embeddedFont struct {
	file     pdf.Value // FontFile2, or FontFile3 of Subtype OpenType
	cidToGID pdf.Value // /Identity (or absent) or a stream of 2-byte glyph numbers
	body     []byte    // the whole file
	loaded   bool
	gids     []byte       // the CIDToGIDMap stream's data, nil for Identity
	chars    map[int]rune // glyph → character
}

// embeddedFontOf returns the embedded font of a CIDFont dictionary, or nil.
func embeddedFontOf(desc pdf.Value, body []byte) *embeddedFont {
	fd := desc.Key("FontDescriptor")
	file := fd.Key("FontFile2")
	if file.Kind() != pdf.Stream {
		if ff3 := fd.Key("FontFile3"); ff3.Kind() == pdf.Stream && ff3.Key("Subtype").Name() == "OpenType" {
			file = ff3
		} else {
			return nil
		}
	}
	return &embeddedFont{file: file, cidToGID: desc.Key("CIDToGIDMap"), body: body}
}

// char returns the character of a CID by the font's own cmap.
func (e *embeddedFont) char(cid int) (rune, bool) {
	if e == nil {
		return 0, false
	}
	if !e.loaded {
		e.loaded = true
		data, _ := streamBytes(e.file, maxFontBytes, e.body)
		e.chars = sfntChars(data)
		if e.cidToGID.Kind() == pdf.Stream {
			e.gids, _ = streamBytes(e.cidToGID, 1<<18, e.body)
		}
	}
	gid := cid
	if e.gids != nil {
		if 2*cid+1 >= len(e.gids) {
			return 0, false
		}
		gid = int(binary.BigEndian.Uint16(e.gids[2*cid:]))
	}
	r, ok := e.chars[gid]
	return r, ok
}

// sfntChars reads the cmap table of a TrueType/OpenType file into glyph →
// character: the Unicode full-repertoire subtable (format 12) if there is
// one, else the BMP one (format 4). Where several characters share a
// glyph, a unified ideograph or kana wins over a radical or compatibility
// form. Nil when the file has no usable cmap.
func sfntChars(b []byte) map[int]rune {
	cmap := sfntTable(b, "cmap")
	if len(cmap) < 4 {
		return nil
	}
	var best []byte
	bestRank := 0
	n := int(binary.BigEndian.Uint16(cmap[2:]))
	for i := 0; i < n && 4+8*i+8 <= len(cmap); i++ {
		rec := cmap[4+8*i:]
		platform, encoding := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		off := int(binary.BigEndian.Uint32(rec[4:]))
		if off+2 > len(cmap) {
			continue
		}
		sub := cmap[off:]
		format := binary.BigEndian.Uint16(sub)
		rank := 0
		switch {
		case format == 12 && (platform == 0 || platform == 3 && encoding == 10):
			rank = 3
		case format == 4 && (platform == 0 || platform == 3 && encoding == 1):
			rank = 2
		}
		if rank > bestRank {
			best, bestRank = sub, rank
		}
	}
	chars := map[int]rune{}
	budget := maxCmapCodes
	add := func(gid int, r rune) bool {
		if budget--; budget < 0 {
			return false
		}
		if gid == 0 {
			return true
		}
		if old, ok := chars[gid]; ok && !lesserForm(old) {
			return true
		}
		chars[gid] = r
		return true
	}
	switch bestRank {
	case 3:
		format12(best, add)
	case 2:
		format4(best, add)
	default:
		return nil
	}
	return chars
}

// maxCmapCodes bounds the character codes a cmap table may make us visit:
// a hostile font can claim every code in thousands of segments.
const maxCmapCodes = 1 << 20

// lesserForm reports characters that stand in for another (Kangxi
// radicals, CJK compatibility ideographs and forms, full-width and
// half-width forms of ASCII and kana), which yield to the plain one.
func lesserForm(r rune) bool {
	return r >= 0x2E80 && r <= 0x2FDF || r >= 0xF900 && r <= 0xFAFF || r >= 0xFE30 && r <= 0xFE4F || r >= 0xFE10 && r <= 0xFE1F
}

// sfntTable returns the named table of a TrueType/OpenType file.
func sfntTable(b []byte, tag string) []byte {
	if len(b) < 12 {
		return nil
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	for i := 0; i < n && 12+16*i+16 <= len(b); i++ {
		rec := b[12+16*i:]
		if string(rec[:4]) != tag {
			continue
		}
		off, length := int64(binary.BigEndian.Uint32(rec[8:])), int64(binary.BigEndian.Uint32(rec[12:]))
		if off+length > int64(len(b)) {
			return nil
		}
		return b[off : off+length]
	}
	return nil
}

// format4 walks a segment-mapping cmap subtable (BMP).
func format4(t []byte, add func(int, rune) bool) {
	if len(t) < 14 {
		return
	}
	segs := int(binary.BigEndian.Uint16(t[6:])) / 2
	ends, starts, deltas, offsets := 14, 16+2*segs, 16+4*segs, 16+6*segs
	if offsets+2*segs > len(t) {
		return
	}
	u16 := func(at int) int {
		if at < 0 || at+2 > len(t) {
			return 0
		}
		return int(binary.BigEndian.Uint16(t[at:]))
	}
	for s := 0; s < segs; s++ {
		end, start := u16(ends+2*s), u16(starts+2*s)
		delta, ro := u16(deltas+2*s), u16(offsets+2*s)
		for c := start; c <= end && c < 0xFFFF; c++ {
			gid := 0
			if ro == 0 {
				gid = (c + delta) & 0xFFFF
			} else if g := u16(offsets + 2*s + ro + 2*(c-start)); g != 0 {
				gid = (g + delta) & 0xFFFF
			}
			if !add(gid, rune(c)) {
				return
			}
		}
	}
}

// format12 walks a segmented-coverage cmap subtable (all planes).
func format12(t []byte, add func(int, rune) bool) {
	if len(t) < 16 {
		return
	}
	groups := int(binary.BigEndian.Uint32(t[12:]))
	for g := 0; g < groups && 16+12*g+12 <= len(t); g++ {
		rec := t[16+12*g:]
		first, last, gid := binary.BigEndian.Uint32(rec), binary.BigEndian.Uint32(rec[4:]), binary.BigEndian.Uint32(rec[8:])
		for c := first; c <= last && c <= 0x10FFFF; c++ {
			if !add(int(gid+c-first), rune(c)) {
				return
			}
		}
	}
}
