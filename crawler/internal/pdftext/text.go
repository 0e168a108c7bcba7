package pdftext

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/kohyo-dev/kohyo/crawler/internal/cjkcmap"
	"github.com/ledongthuc/pdf"
)

// The page text is read here rather than with pdf.Page.Content: that
// decoder walks a ToUnicode bfrange by bumping only the last byte of the
// destination, so any range over 256 codes (fpdf writes one <0000> <FFFF>
// range for every font) comes out as mojibake, and it takes every code of
// a composite font to be one byte wide when it sizes glyphs. ledongthuc/pdf
// still does the object, stream and filter work; this file interprets the
// content stream, and cmap.go the CMaps.

// pdfGlyph is one character code drawn on a page, in default user space.
type pdfGlyph struct {
	X, Y     float64 // origin; Y grows up the page
	DX, DY   float64 // direction of advance: the text's x axis, or down the glyph for vertical writing
	W        float64 // advance along that direction
	FontSize float64 // height of the type
	S        string  // Unicode text; "" when the font does not say
	font     *pdfFont
}

// affine is a PDF transformation matrix [a b c d e f].
type affine [6]float64

var identity = affine{1, 0, 0, 1, 0, 0}

// mul returns m×n: m applied first, then n.
func (m affine) mul(n affine) affine {
	return affine{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func translate(x, y float64) affine { return affine{1, 0, 0, 1, x, y} }

// textState is the part of the graphics state that places text.
type textState struct {
	ctm, tm, tlm              affine
	tc, tw, th, tl, tfs, rise float64
	font                      *pdfFont
}

// Limits that keep a hostile page cheap: nesting of form XObjects (and
// reference cycles), form invocations and glyphs per page.
const (
	maxFormDepth  = 8
	maxFormCalls  = 1000
	maxPageGlyphs = 1 << 20
)

// pageText returns the glyphs drawn on a page, form XObjects included,
// and the first error reading its streams (the glyphs are what could be
// read regardless).
func pageText(page pdf.Value, body []byte) (pageContent, error) {
	pr := pageReader{body: body}
	start := textState{ctm: identity, tm: identity, tlm: identity, th: 1}
	res := inherited(page, "Resources")
	pr.run(page.Key("Contents"), res, start, 0)
	pr.annotations(page, res, start)
	return pr.pageContent, pr.err
}

// pageContent is what a page draws that text extraction needs.
type pageContent struct {
	glyphs []pdfGlyph
	images int // images drawn (image XObjects and inline images)
}

type pageReader struct {
	pageContent
	body  []byte // the whole file, for streams the library cannot decode
	forms int    // form XObjects drawn so far
	err   error  // the first stream that could not be read
}

// maxContentBytes caps the decoded content of one page or form.
const maxContentBytes = 64 << 20

// contentBytes returns the decoded data of a content stream, or of an array
// of them joined as one.
func contentBytes(v pdf.Value, body []byte) ([]byte, error) {
	if v.Kind() != pdf.Array {
		return streamBytes(v, maxContentBytes, body)
	}
	var out []byte
	var first error
	for i := 0; i < v.Len() && len(out) < maxContentBytes; i++ {
		b, err := streamBytes(v.Index(i), maxContentBytes-len(out), body)
		first = cmp.Or(first, err)
		out = append(append(out, b...), '\n')
	}
	return out, first
}

// streamBytes reads up to limit bytes of a stream: all of it, or what
// could be read before a bad filter or a broken end, and the error. A
// FlateDecode stream the library rejects (a broken zlib header, a wrong
// checksum, a cut end) is inflated again from the file's bytes, keeping
// whatever decompresses.
func streamBytes(v pdf.Value, limit int, body []byte) (out []byte, err error) {
	out, err = libraryStream(v, limit)
	if err == nil {
		return out, nil
	}
	raw, ok := rawFlate(v, body)
	if !ok {
		return out, err
	}
	if d, zerr := inflate(raw, limit); zerr == nil {
		return d, nil // the library decrypted it wrongly (40-bit RC4)
	}
	if d := inflateTolerant(raw, limit); len(d) > 0 && len(d) >= len(out) {
		return d, fmt.Errorf("damaged compressed stream (%v); %d bytes recovered", err, len(d))
	}
	return out, err
}

// libraryStream reads a stream through the library's filters.
func libraryStream(v pdf.Value, limit int) (out []byte, err error) {
	switch v.Kind() {
	case pdf.Stream:
	case pdf.Null:
		return nil, nil // a page with no content
	default:
		return nil, fmt.Errorf("content is a %v, not a stream", v.Kind())
	}
	var buf bytes.Buffer
	defer func() {
		if r := recover(); r != nil { // the library panics on unknown filters
			out, err = buf.Bytes(), fmt.Errorf("content stream: %v", r)
		}
	}()
	rc := v.Reader()
	defer rc.Close()
	if _, err := io.Copy(&buf, io.LimitReader(rc, int64(limit))); err != nil {
		return buf.Bytes(), fmt.Errorf("content stream: %w", err)
	}
	return buf.Bytes(), nil
}

func (pr *pageReader) run(content, res pdf.Value, g textState, depth int) {
	fonts := map[string]*pdfFont{}
	var stack []textState
	var args []psToken
	src, err := contentBytes(content, pr.body)
	pr.err = cmp.Or(pr.err, err)
	lx := psLexer{src: src}
	for {
		t, ok := lx.next()
		if !ok {
			return
		}
		if t.kind != tokOp {
			if len(args) < 64 { // no operator takes more; a runaway is junk
				args = append(args, t)
			}
			continue
		}
		pr.op(t.s, args, &g, &stack, fonts, res, depth)
		if t.s == "ID" {
			lx.skipInlineImage()
			pr.images++
		}
		args = args[:0]
	}
}

// op carries out one content-stream operator.
func (pr *pageReader) op(op string, args []psToken, gp *textState, stack *[]textState, fonts map[string]*pdfFont, res pdf.Value, depth int) {
	g := gp
	num := func(i int) float64 { return args[i].num }
	nums := func(n int) bool {
		if len(args) != n {
			return false
		}
		for _, a := range args {
			if a.kind != tokNum {
				return false
			}
		}
		return true
	}
	switch op {
	case "q":
		if len(*stack) < 1<<12 {
			*stack = append(*stack, *g)
		}
	case "Q":
		if n := len(*stack); n > 0 {
			*g, *stack = (*stack)[n-1], (*stack)[:n-1]
		}
	case "cm":
		if nums(6) {
			g.ctm = matrixOf(args).mul(g.ctm)
		}
	case "BT":
		g.tm, g.tlm = identity, identity
	case "Tc":
		if nums(1) {
			g.tc = num(0)
		}
	case "Tw":
		if nums(1) {
			g.tw = num(0)
		}
	case "Tz":
		if nums(1) {
			g.th = num(0) / 100
		}
	case "TL":
		if nums(1) {
			g.tl = num(0)
		}
	case "Ts":
		if nums(1) {
			g.rise = num(0)
		}
	case "Tf":
		if len(args) == 2 && args[0].kind == tokName && args[1].kind == tokNum {
			name := args[0].s
			f, ok := fonts[name]
			if !ok {
				f = loadFont(res.Key("Font").Key(name), pr.body)
				fonts[name] = f
			}
			g.font, g.tfs = f, num(1)
		}
	case "Td", "TD":
		if nums(2) {
			if op == "TD" {
				g.tl = -num(1)
			}
			g.tlm = translate(num(0), num(1)).mul(g.tlm)
			g.tm = g.tlm
		}
	case "Tm":
		if nums(6) {
			g.tm = matrixOf(args)
			g.tlm = g.tm
		}
	case "T*":
		g.tlm = translate(0, -g.tl).mul(g.tlm)
		g.tm = g.tlm
	case "Tj":
		if len(args) == 1 && args[0].kind == tokStr {
			pr.show(g, args[0].s)
		}
	case "'", "\"":
		if op == "\"" && len(args) == 3 && args[0].kind == tokNum && args[1].kind == tokNum {
			g.tw, g.tc = num(0), num(1)
			args = args[2:]
		}
		if len(args) == 1 && args[0].kind == tokStr {
			g.tlm = translate(0, -g.tl).mul(g.tlm)
			g.tm = g.tlm
			pr.show(g, args[0].s)
		}
	case "TJ":
		if len(args) != 1 || args[0].kind != tokArray {
			return
		}
		for _, x := range args[0].arr {
			switch x.kind {
			case tokStr:
				pr.show(g, x.s)
			case tokNum:
				adj := -x.num / 1000 * g.tfs
				if g.font != nil && g.font.vertical {
					g.tm = translate(0, adj).mul(g.tm)
				} else {
					g.tm = translate(adj*g.th, 0).mul(g.tm)
				}
			}
		}
	case "Do":
		if len(args) != 1 || args[0].kind != tokName || depth >= maxFormDepth || pr.forms >= maxFormCalls {
			return
		}
		xo := res.Key("XObject").Key(args[0].s)
		if xo.Kind() == pdf.Stream && xo.Key("Subtype").Name() == "Image" {
			pr.images++
			return
		}
		if xo.Kind() != pdf.Stream || xo.Key("Subtype").Name() != "Form" {
			return
		}
		pr.forms++
		fg := *g
		if m := xo.Key("Matrix"); m.Len() == 6 {
			var mt affine
			for i := range mt {
				mt[i] = m.Index(i).Float64()
			}
			fg.ctm = mt.mul(g.ctm)
		}
		fres := xo.Key("Resources")
		if fres.Kind() != pdf.Dict {
			fres = res
		}
		pr.run(xo, fres, fg, depth+1)
	}
}

func matrixOf(v []psToken) affine {
	var m affine
	for i := range m {
		m[i] = v[i].num
	}
	return m
}

// show draws string s with the current font, one glyph per character code,
// and advances the text matrix as a viewer would.
func (pr *pageReader) show(g *textState, s string) {
	f := g.font
	if f == nil {
		f = unknownFont
	}
	for len(s) > 0 && len(pr.glyphs) < maxPageGlyphs {
		code, n := f.next(s)
		raw := s[:n]
		s = s[n:]
		w := f.width(code) / 1000
		m := g.tm.mul(g.ctm)
		trm := affine{g.tfs * g.th, 0, 0, g.tfs, 0, g.rise}.mul(m)
		glyph := pdfGlyph{
			X:        trm[4],
			Y:        trm[5],
			DX:       trm[0],
			DY:       trm[1],
			W:        w * g.tfs * g.th * math.Hypot(m[0], m[1]),
			FontSize: math.Hypot(trm[2], trm[3]),
			S:        f.text(code, raw),
			font:     f,
		}
		if f.vertical { // glyphs advance down their own y axis, one em each
			glyph.DX, glyph.DY = -trm[2], -trm[3]
			glyph.W = g.tfs * math.Hypot(m[2], m[3])
		}
		pr.glyphs = append(pr.glyphs, glyph)
		space := 0.0
		if code.n == 1 && code.v == ' ' {
			space = g.tw
		}
		if f.vertical {
			g.tm = translate(0, -g.tfs+g.tc+space).mul(g.tm)
		} else {
			g.tm = translate((w*g.tfs+g.tc+space)*g.th, 0).mul(g.tm)
		}
	}
}

// pdfFont is what text extraction needs from a font dictionary: how to cut
// a string into character codes, the Unicode text and the width of each.
type pdfFont struct {
	unknown    bool   // no font dictionary: no text, half-em advances
	composite  bool   // Type0: codes of 1-4 bytes, widths by CID
	vertical   bool   // writing mode 1: glyphs advance down the page
	predefined string // a composite font's predefined CMap (Identity-H, 90ms-RKSJ-H, …)
	encoding   *cmap  // a composite font's embedded encoding CMap
	// cjk is the predefined CMap (or the one an embedded CMap uses), and
	// ordering the font's Adobe character collection (Japan1, GB1, CNS1,
	// Korea1): with them a font without ToUnicode still has text.
	cjk       *cjkcmap.CMap
	ordering  string
	embedded  *embeddedFont // an embedded TrueType/OpenType file, for its cmap
	name      string        // BaseFont, for warnings
	toUnicode *cmap
	simple    pdf.TextEncoding // a simple font's named or Differences encoding

	first   int       // simple fonts: FirstChar, Widths, MissingWidth
	widths  []float64 // in thousandths of an em (Type3: scaled to that)
	missing float64
	dw      float64         // composite fonts: default width
	cidW    map[int]float64 // composite fonts: /W
}

// unknownFont stands in for a font the resources do not have.
var unknownFont = &pdfFont{unknown: true, missing: 500}

// loadFont reads a font dictionary. A font that cannot be read gives a
// font with no text rather than an error: the rest of the page still can.
func loadFont(v pdf.Value, body []byte) (f *pdfFont) {
	f = &pdfFont{}
	defer func() {
		if r := recover(); r != nil {
			f = unknownFont
		}
	}()
	if v.Kind() != pdf.Dict {
		return unknownFont
	}
	f.name = v.Key("BaseFont").Name()
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		f.toUnicode = readCMapStream(tu, body)
	}
	if v.Key("Subtype").Name() == "Type0" {
		f.composite = true
		enc := v.Key("Encoding")
		switch enc.Kind() {
		case pdf.Name:
			f.predefined = enc.Name()
		case pdf.Stream:
			f.encoding = readCMapStream(enc, body)
			if f.encoding != nil {
				f.predefined = f.encoding.useCMap
			}
		}
		f.cjk = cjkcmap.Lookup(f.predefined)
		f.vertical = (f.encoding != nil && f.encoding.vertical) || (f.cjk != nil && f.cjk.Vertical) ||
			f.predefined == "V" || strings.HasSuffix(f.predefined, "-V")
		desc := v.Key("DescendantFonts").Index(0)
		f.name = desc.Key("BaseFont").Name()
		if csi := desc.Key("CIDSystemInfo"); pdfString(csi.Key("Registry")) == "Adobe" {
			f.ordering = pdfString(csi.Key("Ordering"))
		}
		if f.cjk != nil && f.cjk.Ordering != "" {
			f.ordering = f.cjk.Ordering // the CMap's CIDs are of its own collection
		}
		if f.toUnicode == nil {
			f.embedded = embeddedFontOf(desc, body)
		}
		f.dw = 1000
		if dw := desc.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
			f.dw = dw.Float64()
		}
		f.cidW = cidWidths(desc.Key("W"))
		return f
	}
	switch enc := v.Key("Encoding"); {
	case enc.Kind() == pdf.Dict,
		enc.Kind() == pdf.Name && (enc.Name() == "WinAnsiEncoding" || enc.Name() == "MacRomanEncoding"):
		font := pdf.Font{V: v}
		f.simple = font.Encoder()
	}
	f.first = int(v.Key("FirstChar").Int64())
	scale := 1.0
	if v.Key("Subtype").Name() == "Type3" {
		if fm := v.Key("FontMatrix"); fm.Len() == 6 {
			scale = fm.Index(0).Float64() * 1000
		}
	}
	ws := v.Key("Widths")
	for i := 0; i < ws.Len() && i < 1<<16; i++ {
		f.widths = append(f.widths, ws.Index(i).Float64()*scale)
	}
	f.missing = v.Key("FontDescriptor").Key("MissingWidth").Float64() * scale
	if ws.Len() == 0 && f.missing == 0 {
		f.missing = 500 // a standard font without /Widths: about half an em
	}
	return f
}

// cidWidths reads a CIDFont's /W array: c [w1 w2 …] and cFirst cLast w.
func cidWidths(w pdf.Value) map[int]float64 {
	out := map[int]float64{}
	for i := 0; i < w.Len(); {
		first := int(w.Index(i).Int64())
		if i+1 >= w.Len() {
			break
		}
		if next := w.Index(i + 1); next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && len(out) < 1<<17; j++ {
				out[first+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= w.Len() {
			break
		}
		last, width := int(w.Index(i+1).Int64()), w.Index(i+2).Float64()
		for c := first; c <= last && len(out) < 1<<17; c++ {
			out[c] = width
		}
		i += 3
	}
	return out
}

// readCMapStream parses a CMap stream; nil if it cannot be read.
func readCMapStream(v pdf.Value, body []byte) (m *cmap) {
	src, err := streamBytes(v, maxCMapBytes+1, body)
	if err != nil && len(src) == 0 {
		return nil
	}
	m, err = parseCMap(src)
	if err != nil {
		return nil
	}
	return m
}

// next cuts the first character code off s; n is its length in bytes.
func (f *pdfFont) next(s string) (cmapCode, int) {
	if !f.composite {
		return cmapCode{1, uint32(s[0])}, 1
	}
	if f.encoding != nil && len(f.encoding.space) > 0 {
		return f.encoding.next(s, 2)
	}
	if f.cjk != nil {
		code, n, _ := f.cjk.Next([]byte(s[:min(4, len(s))]))
		return cmapCode{n, code}, n
	}
	n := 0
	b := s[0]
	switch p := f.predefined; { // the Unicode CMaps PDF does not predefine
	case strings.Contains(p, "UTF32"):
		n = 4
	case strings.Contains(p, "UTF8"):
		n = 1
		switch {
		case b >= 0xF0:
			n = 4
		case b >= 0xE0:
			n = 3
		case b >= 0xC0:
			n = 2
		}
	default:
		return f.toUnicode.next(s, 2)
	}
	n = min(n, len(s))
	var v uint32
	for i := 0; i < n; i++ {
		v = v<<8 | uint32(s[i])
	}
	return cmapCode{n, v}, n
}

// text returns the Unicode text of a code: the ToUnicode map's, else what
// the font's encoding implies, else "".
func (f *pdfFont) text(c cmapCode, raw string) string {
	if f.unknown {
		return ""
	}
	if s, ok := f.toUnicode.text(c); ok {
		return s
	}
	if !f.composite {
		switch {
		case f.simple != nil:
			return f.simple.Decode(raw)
		case c.v < 0x80:
			return raw // standard encoding agrees with ASCII on letters and digits
		}
		return ""
	}
	p := f.predefined
	switch {
	case strings.Contains(p, "UCS2"), strings.Contains(p, "UTF16"):
		u := make([]uint16, 0, 2)
		for i := 0; i+1 < len(raw); i += 2 {
			u = append(u, uint16(raw[i])<<8|uint16(raw[i+1]))
		}
		return string(utf16.Decode(u))
	case strings.Contains(p, "UTF32"):
		if r := rune(c.v); utf8.ValidRune(r) {
			return string(r)
		}
	case strings.Contains(p, "UTF8"):
		if utf8.ValidString(raw) {
			return raw
		}
	}
	if cid, ok := f.cid(c); ok {
		if r, ok := cjkcmap.Unicode(f.ordering, cid); ok {
			return string(r)
		}
		if r, ok := f.embedded.char(cid); ok {
			return string(r)
		}
	}
	return ""
}

// cid returns the CID of a composite font's code.
func (f *pdfFont) cid(c cmapCode) (int, bool) {
	if f.encoding != nil {
		if cid, ok := f.encoding.cid(c); ok {
			return cid, true
		}
	}
	if f.cjk != nil {
		return f.cjk.CID(c.v, c.n)
	}
	return 0, false
}

// width returns the advance of a code in thousandths of an em.
func (f *pdfFont) width(c cmapCode) float64 {
	if !f.composite {
		if i := int(c.v) - f.first; i >= 0 && i < len(f.widths) {
			return f.widths[i]
		}
		return f.missing
	}
	if cid, ok := f.cid(c); ok {
		if w, ok := f.cidW[cid]; ok {
			return w
		}
	}
	if c.n == 1 {
		return f.dw / 2 // a one-byte code of a CJK encoding: half-width
	}
	return f.dw
}

// Page tree limits: a hostile file can make /Kids or /Parent a cycle, on
// which the library's Reader.Page and Page.Resources never return.
const (
	maxPageTreeDepth = 64
	maxPages         = 1 << 16
)

// pdfPages lists the page dictionaries of r in order, walking the page tree
// with a depth bound instead of trusting its /Count and links.
func pdfPages(r *pdf.Reader) (pages []pdf.Value, err error) {
	defer func() {
		if e := recover(); e != nil {
			err = fmt.Errorf("page tree: %v", e)
		}
	}()
	nodes := 0 // a budget: /Kids [2 0 R 2 0 R] doubles at every level
	var walk func(node pdf.Value, depth int)
	walk = func(node pdf.Value, depth int) {
		nodes++
		if depth > maxPageTreeDepth || nodes > 2*maxPages || node.Kind() != pdf.Dict {
			return
		}
		kids := node.Key("Kids")
		if node.Key("Type").Name() == "Page" || kids.Kind() != pdf.Array {
			pages = append(pages, node)
			return
		}
		for i := 0; i < kids.Len() && len(pages) < maxPages && nodes <= 2*maxPages; i++ {
			walk(kids.Index(i), depth+1)
		}
	}
	walk(r.Trailer().Key("Root").Key("Pages"), 0)
	return pages, nil
}

// inherited looks key up on the page and then its ancestors.
func inherited(page pdf.Value, key string) pdf.Value {
	for v, i := page, 0; v.Kind() == pdf.Dict && i <= maxPageTreeDepth; v, i = v.Key("Parent"), i+1 {
		if x := v.Key(key); !x.IsNull() {
			return x
		}
	}
	return pdf.Value{}
}

// pdfPageText returns the glyphs of page n, and an error if some of it
// could not be read (the library panics on malformed objects).
func pdfPageText(page pdf.Value, n int, body []byte) (pc pageContent, err error) {
	defer func() {
		if e := recover(); e != nil {
			err = fmt.Errorf("%v", e)
		}
		if err != nil {
			err = fmt.Errorf("page %d: %w", n, err)
		}
	}()
	return pageText(page, body)
}
