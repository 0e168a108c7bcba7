package pdfcases

import (
	"bytes"
	"encoding/binary"
	"slices"
	"sort"
)

// SubsetTTF writes a TrueType font file as a PDF producer embeds a subset:
// glyphs 1…n for the characters of text in order of first use, empty
// outlines (only the text matters here), and a cmap table (format 4, one
// segment per character) that says which character each glyph is.
func SubsetTTF(text string) ([]byte, map[rune]int) {
	gids := map[rune]int{}
	var chars []rune
	for _, r := range text {
		if _, ok := gids[r]; !ok && r <= 0xFFFF {
			gids[r] = len(chars) + 1
			chars = append(chars, r)
		}
	}
	n := len(chars) + 1 // with .notdef
	be := binary.BigEndian
	u16 := func(b *bytes.Buffer, v ...int) {
		for _, x := range v {
			b.Write(be.AppendUint16(nil, uint16(x)))
		}
	}
	u32 := func(b *bytes.Buffer, v ...uint32) {
		for _, x := range v {
			b.Write(be.AppendUint32(nil, x))
		}
	}
	tables := map[string]*bytes.Buffer{}
	table := func(tag string) *bytes.Buffer {
		tables[tag] = &bytes.Buffer{}
		return tables[tag]
	}

	sorted := slices.Clone(chars)
	slices.Sort(sorted)
	sub := &bytes.Buffer{}
	segs := len(sorted) + 1
	u16(sub, 4, 16+8*segs, 0, 2*segs, 0, 0, 0)
	for _, r := range sorted {
		u16(sub, int(r))
	}
	u16(sub, 0xFFFF, 0)
	for _, r := range sorted {
		u16(sub, int(r))
	}
	u16(sub, 0xFFFF)
	for _, r := range sorted {
		u16(sub, (gids[r]-int(r))&0xFFFF)
	}
	u16(sub, 1)
	for range segs {
		u16(sub, 0)
	}
	cmap := table("cmap")
	u16(cmap, 0, 1, 3, 1)
	u32(cmap, 12)
	cmap.Write(sub.Bytes())

	head := table("head")
	u32(head, 0x00010000, 0x00010000, 0, 0x5F0F3CF5)
	u16(head, 0, 1000)
	u32(head, 0, 0, 0, 0)
	u16(head, 0, 0xFF88, 1000, 880, 0, 8, 2, 0, 0)
	hhea := table("hhea")
	u32(hhea, 0x00010000)
	u16(hhea, 880, 0xFF88, 0, 1000, 0, 0, 1000, 1, 0, 0, 0, 0, 0, 0, 0, n)
	maxp := table("maxp")
	u32(maxp, 0x00010000)
	u16(maxp, n, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0)
	hmtx := table("hmtx")
	for range n {
		u16(hmtx, 1000, 0)
	}
	loca := table("loca")
	for range n + 1 {
		u16(loca, 0)
	}
	table("glyf")
	post := table("post")
	u32(post, 0x00030000, 0)
	u16(post, 0xFF9C, 50)
	u32(post, 0, 0, 0, 0, 0)

	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	var out bytes.Buffer
	u32(&out, 0x00010000)
	u16(&out, len(tags), 128, 3, 16*len(tags)-128)
	off := 12 + 16*len(tags)
	for _, t := range tags {
		data := tables[t].Bytes()
		out.WriteString(t)
		u32(&out, checksum(data), uint32(off), uint32(len(data)))
		off += (len(data) + 3) &^ 3
	}
	for _, t := range tags {
		data := tables[t].Bytes()
		out.Write(data)
		out.Write(make([]byte, (4-len(data)%4)%4))
	}
	return out.Bytes(), gids
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
