// Package pdflayout puts the glyphs a PDF page draws into reading order.
//
// A PDF says where each glyph goes, not in what order a person reads them.
// Page turns glyphs into lines the way a Japanese reader reads the page:
//
//  1. The page is turned upright (/Rotate).
//  2. Glyphs drawn again on top of themselves, a fraction of a point
//     away, are dropped: that is fake bold, or a shadow, not text.
//  3. Each glyph's direction is one of four: rightwards (横書き),
//     downwards (縦書き: a vertical font, glyphs turned a quarter, or
//     upright glyphs each drawn below the last), upwards or leftwards
//     (text turned on the page). Within a direction,
//     glyphs on one baseline (one column, for vertical text) form a line;
//     vertical columns are read right to left.
//  4. Neighbouring lines of one direction form a block (a paragraph, a set
//     of columns); blocks are read from the top of the page down.
//  5. Inside a block, a line that runs to the block's far edge and does
//     not end a sentence continues on the next line, unless that one opens
//     a list item: wrapped sentences become one line again, list items
//     stay one per line.
package pdflayout

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Glyph is one character code drawn on a page, in default user space.
type Glyph struct {
	X, Y   float64 // origin; Y grows up the page
	DX, DY float64 // direction of advance (need not be unit length)
	Adv    float64 // advance along that direction
	Size   float64 // height of the type
	S      string  // Unicode text; "" when the font does not say
}

// Line is one line of text in reading order. Wrapped lines of one
// paragraph have been joined.
type Line struct {
	Text     string
	Size     float64 // the largest type in the line
	Vertical bool    // read from a vertical column
	Break    bool    // a new block starts here (a blank line in Text)
}

// direction classes, in the order their frames are defined in frame().
const (
	right = iota
	down
	up
	left
)

// placed is a glyph in the frame of its direction: it advances along +fx,
// and the next line lies towards −fy.
type placed struct {
	Glyph
	dir    int
	seq    int // drawing order, to break ties
	fx, fy float64
	// display box, for ordering blocks on the page
	top, lft float64
}

// Page lays out one page; rotate is its /Rotate (a multiple of 90).
func Page(glyphs []Glyph, rotate int) []Line {
	ps := make([]placed, 0, len(glyphs))
	for _, g := range glyphs {
		if g.S == "" || g.S == "\ufffd" || g.Size <= 0 || math.IsNaN(g.X+g.Y+g.DX+g.DY+g.Adv+g.Size) {
			continue
		}
		p := place(g, rotate)
		p.seq = len(ps)
		ps = append(ps, p)
	}
	ps = dropOverprints(ps)
	stacked(ps)
	acrossColumns(ps)
	// Each direction's blocks in their reading order, then the directions
	// merged from the top of the page down (a heading above vertical
	// columns, a footer below them).
	var seqs [][]block
	for dir := right; dir <= left; dir++ {
		var ds []placed
		for _, p := range ps {
			if p.dir == dir {
				ds = append(ds, p)
			}
		}
		if len(ds) > 0 {
			seqs = append(seqs, orderBlocks(makeBlocks(splitColumns(lines(ds)))))
		}
	}
	var blocks []block
	for {
		k := -1
		for i, q := range seqs {
			if len(q) > 0 && (k < 0 || q[0].top > seqs[k][0].top+0.5*math.Max(q[0].size, seqs[k][0].size)) {
				k = i
			}
		}
		if k < 0 {
			break
		}
		blocks = append(blocks, seqs[k][0])
		seqs[k] = seqs[k][1:]
	}
	var out []Line
	for i, b := range blocks {
		for j, l := range b.join() {
			l.Break = i > 0 && j == 0
			out = append(out, l)
		}
	}
	return out
}

// Text writes lines one per line, with a blank line between blocks.
func Text(lines []Line) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
			if l.Break {
				b.WriteByte('\n')
			}
		}
		b.WriteString(l.Text)
	}
	return b.String()
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

func cmpAsc(a, b float64) int { return -cmpDesc(a, b) }

// place turns the page upright and puts a glyph in its direction's frame.
func place(g Glyph, rotate int) placed {
	x, y, dx, dy := g.X, g.Y, g.DX, g.DY
	for range ((rotate/90)%4 + 4) % 4 { // clockwise quarter turns: up becomes right
		x, y, dx, dy = y, -x, dy, -dx
	}
	p := placed{Glyph: g}
	p.X, p.Y = x, y
	switch {
	case math.Abs(dx) >= math.Abs(dy) && dx >= 0:
		p.dir, p.fx, p.fy = right, x, y
		p.top, p.lft = y+0.8*g.Size, x
	case math.Abs(dx) >= math.Abs(dy):
		p.dir, p.fx, p.fy = left, -x, -y
		p.top, p.lft = y, x-g.Adv
	case dy < 0:
		p.dir, p.fx, p.fy = down, -y, x
		p.top, p.lft = y, x-0.5*g.Size
	default:
		p.dir, p.fx, p.fy = up, y, -x
		p.top, p.lft = y+g.Adv, x-0.8*g.Size
	}
	return p
}

// dropOverprints removes a glyph drawn where the same text in the same
// direction was already drawn, closer than a sixth of the type size and
// than half its advance (two real neighbours are an advance apart).
func dropOverprints(ps []placed) []placed {
	type key struct {
		s    string
		dir  int
		x, y int
	}
	const cell = 2.0
	seen := map[key][]int{}
	out := ps[:0]
	for _, p := range ps {
		tol := 0.15 * p.Size
		if p.Adv > 0 {
			tol = math.Min(tol, 0.5*p.Adv)
		}
		cx, cy := int(math.Floor(p.X/cell)), int(math.Floor(p.Y/cell))
		dup := false
		for ix := cx - 1; ix <= cx+1 && !dup; ix++ {
			for iy := cy - 1; iy <= cy+1 && !dup; iy++ {
				for _, j := range seen[key{p.S, p.dir, ix, iy}] {
					q := out[j]
					if math.Hypot(q.X-p.X, q.Y-p.Y) < tol && math.Abs(q.Size-p.Size) <= 0.1*p.Size {
						dup = true
						break
					}
				}
			}
		}
		if dup {
			continue
		}
		k := key{p.S, p.dir, cx, cy}
		seen[k] = append(seen[k], len(out))
		out = append(out, p)
	}
	return out
}

// stacked finds vertical writing drawn with a horizontal font: runs of at
// least three rightward glyphs, mostly CJK, each drawn directly below the
// one drawn before it, become downward glyphs of a column through their
// centres.
func stacked(ps []placed) {
	below := func(a, b placed) bool { // b drawn directly below a
		dy := a.Y - b.Y
		return a.dir == right && b.dir == right && math.Abs(a.X-b.X) < 0.3*a.Size &&
			dy >= 0.6*a.Size && dy <= 1.6*a.Size && math.Abs(a.Size-b.Size) <= 0.1*a.Size
	}
	for i := 0; i+2 < len(ps); {
		j := i
		for j+1 < len(ps) && below(ps[j], ps[j+1]) {
			j++
		}
		nwide := 0
		for k := i; k <= j; k++ {
			r, _ := utf8.DecodeRuneInString(ps[k].S)
			if wide(r) {
				nwide++
			}
		}
		if j-i < 2 || nwide < 3 || 2*nwide < j-i+1 { // a column of figures in a table is not 縦書き
			i++
			continue
		}
		for k := i; k <= j; k++ {
			p := &ps[k]
			cx, top := p.X+p.Adv/2, p.Y+0.88*p.Size
			p.dir, p.fx, p.fy = down, -top, cx
			p.top, p.lft = top, cx-0.5*p.Size
			p.Adv = p.Size
		}
		i = j + 1
	}
}

// acrossColumns moves 縦中横 into its column: digits and Latin letters set
// horizontally across a vertical column ("12" in 令和8年12月) are read
// where they stand in the column, not as a horizontal line of their own.
func acrossColumns(ps []placed) {
	const cell = 4.0
	cols := map[int][]int{} // column centre bucket → downward glyphs
	for i, p := range ps {
		if p.dir == down {
			k := int(math.Floor(p.fy / cell))
			cols[k] = append(cols[k], i)
		}
	}
	if len(cols) == 0 {
		return
	}
	// column finds the downward glyph next to which p stands inside its
	// column's width.
	column := func(p placed) (placed, bool) {
		cx, cy := p.X+p.Adv/2, p.Y+0.35*p.Size
		for k := int(math.Floor((cx - 24) / cell)); k <= int(math.Floor((cx+24)/cell)); k++ {
			for _, j := range cols[k] {
				q := ps[j]
				if math.Abs(q.fy-cx) <= 0.5*q.Size && cy <= q.Y+0.5*q.Size && cy >= q.Y-q.Adv-1.5*q.Size {
					return q, true
				}
			}
		}
		return placed{}, false
	}
	for i := range ps {
		p := &ps[i]
		if r, _ := utf8.DecodeRuneInString(p.S); p.dir != right || wide(r) {
			continue
		}
		if q, ok := column(*p); ok {
			top := p.Y + 0.8*p.Size
			p.dir, p.fx, p.fy = down, -top, q.fy
			p.top, p.lft = top, q.lft
			p.Adv = q.Size // the run takes one cell of the column; its glyphs share it
		}
	}
}

// line is glyphs of one direction on one baseline, ordered along it.
type line struct {
	dir        int
	fy, size   float64
	start, end float64 // extent along the line, in frame units
	gap        float64 // the widest gap between two of its glyphs
	col        bool    // a segment of a line cut at a column gutter
	glyphs     []placed
}

// lines groups glyphs of one direction into lines: same baseline within
// a third of the type size. Lines come out in reading order (−fy).
func lines(ps []placed) []line {
	slices.SortFunc(ps, func(a, b placed) int {
		if c := cmpDesc(a.fy, b.fy); c != 0 {
			return c
		}
		return a.seq - b.seq
	})
	var out []line
	for _, p := range ps {
		placedIn := false
		// The glyph belongs to one of the last few lines if any (lines
		// are sorted, so earlier ones lie further away).
		for i := len(out) - 1; i >= 0 && i >= len(out)-4; i-- {
			l := &out[i]
			if math.Abs(l.fy-p.fy) <= math.Max(1, 0.35*math.Max(p.Size, l.size)) {
				l.glyphs = append(l.glyphs, p)
				l.size = math.Max(l.size, p.Size)
				placedIn = true
				break
			}
		}
		if !placedIn {
			out = append(out, line{dir: p.dir, fy: p.fy, size: p.Size, glyphs: []placed{p}})
		}
	}
	for i := range out {
		l := &out[i]
		slices.SortFunc(l.glyphs, func(a, b placed) int {
			if c := cmpAsc(a.fx, b.fx); c != 0 {
				return c
			}
			return a.seq - b.seq
		})
		l.measure()
	}
	return out
}

// text writes a line's glyphs, with a space where the gap between two is
// as wide as a character: a space the PDF did not draw.
func (l line) text() string {
	var b strings.Builder
	prevEnd := math.NaN()
	for _, g := range l.glyphs {
		if !math.IsNaN(prevEnd) && g.fx-prevEnd > g.Size*0.8 && b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.S)
		prevEnd = g.fx + g.Adv
	}
	return strings.TrimSpace(b.String())
}

// block is neighbouring lines of one direction: a paragraph or a group
// of columns.
type block struct {
	dir           int
	lines         []line
	top, lft      float64 // on the page, for merging directions
	size          float64
	start, end    float64 // extent along the lines
	fyHigh, fyLow float64 // extent across them
}

// makeBlocks splits reading-ordered lines where the gap to the next line
// is wider than about two lines of type (or, on a page set with wide line
// spacing, a third more than its usual spacing), or where the two do not
// overlap along the line (a different region of the page).
//
// A segment of a line cut at a column gutter joins the block of its own
// column, wherever that is among the open blocks; any other line joins only
// the newest block, and not one that ends in a column.
func makeBlocks(ls []line) []block {
	pitch := usualPitch(ls)
	var out []block
	fits := func(b *block, l line) bool {
		prev := b.lines[len(b.lines)-1]
		gap := prev.fy - l.fy
		overlap := math.Min(prev.end, l.end) - math.Max(prev.start, l.start)
		size := math.Max(prev.size, l.size)
		limit := math.Max(1.9*size+0.5, math.Min(1.3*pitch, 3.2*size))
		return gap <= limit && overlap > -prev.size && (l.col || !prev.col)
	}
	for _, l := range ls {
		joined := false
		if k := len(out) - 1; k >= 0 && fits(&out[k], l) {
			out[k].add(l)
			joined = true
		}
		for k := len(out) - 2; !joined && l.col && k >= 0 && k >= len(out)-8; k-- {
			if prev := out[k].lines[len(out[k].lines)-1]; prev.col && fits(&out[k], l) {
				out[k].add(l)
				joined = true
			}
		}
		if joined {
			continue
		}
		b := block{dir: l.dir, top: math.Inf(-1), lft: math.Inf(1), start: math.Inf(1), end: math.Inf(-1), fyHigh: math.Inf(-1), fyLow: math.Inf(1)}
		b.add(l)
		out = append(out, b)
	}
	return out
}

// usualPitch is the page's line spacing: the lower quartile of the
// distances between neighbouring lines less than three lines of type apart.
func usualPitch(ls []line) float64 {
	var gaps []float64
	for i := 1; i < len(ls); i++ {
		if g := ls[i-1].fy - ls[i].fy; g > 0 && g <= 3*math.Max(ls[i-1].size, ls[i].size) {
			gaps = append(gaps, g)
		}
	}
	if len(gaps) < 4 { // too few lines to tell spacing from paragraph breaks
		return 0
	}
	slices.Sort(gaps)
	return gaps[len(gaps)/4] // the lower quartile: spacing within paragraphs, not between them
}

func (b *block) add(l line) {
	b.lines = append(b.lines, l)
	b.size = math.Max(b.size, l.size)
	b.start = math.Min(b.start, l.start)
	b.end = math.Max(b.end, l.end)
	b.fyHigh = math.Max(b.fyHigh, l.fy+0.8*l.size)
	b.fyLow = math.Min(b.fyLow, l.fy-0.2*l.size)
	for _, g := range l.glyphs {
		b.top = math.Max(b.top, g.top)
		b.lft = math.Min(b.lft, g.lft)
	}
}

// listStart matches the opening of a list item or a numbered clause.
var listStart = regexp.MustCompile(`^(?:[・･•●○◎◆◇■□▪▫※★☆▶►▷→\-－―—]|[（(][0-9０-９a-zA-Zａ-ｚア-ンｱ-ﾝ一二三四五六七八九十]{1,3}[)）]|[0-9０-９]{1,2}[.．)）]|[①-⑳⑴-⒇]|[一二三四五六七八九十]{1,3}[　 ．.、]|第[0-9０-９一二三四五六七八九十]+[条項章節]|【|〔|＜|<|記$|以上$)`)

// endsSentence reports whether s ends with punctuation after which a line
// does not continue.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("。．.！？!?：:」』）)", r)
}

// join rebuilds the block's logical lines: a line that reaches the far
// edge of a block at least a dozen characters wide, is not a table row and
// does not end a sentence continues on the next,
// unless the next opens a list item or is set in another size.
func (b block) join() []Line {
	var out []Line
	var cur strings.Builder
	var curSize float64
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, Line{Text: s, Size: curSize, Vertical: b.dir == down})
		}
		cur.Reset()
		curSize = 0
	}
	for i, l := range b.lines {
		s := l.text()
		if s == "" {
			continue
		}
		if cur.Len() > 0 {
			prev := b.lines[i-1]
			s0 := b.lines[i-1].text()
			// Only a text column wraps: a block narrower than a dozen
			// characters is a list of labels or a table column.
			full := prev.end >= b.end-1.2*prev.size && b.end-b.start >= 12*prev.size &&
				prev.start <= b.start+1.5*prev.size // not a right-aligned date or a centred heading
			sameSize := math.Abs(prev.size-l.size) <= 0.1*math.Max(prev.size, l.size)
			indented := l.start > b.start+0.5*l.size || strings.HasPrefix(s, "　")
			// a row of a table or form (a label, a wide gap, a value) is not prose
			tabular := prev.gap > 1.5*prev.size || l.gap > 1.5*l.size
			if full && sameSize && !indented && !tabular && !endsSentence(s0) && !listStart.MatchString(s) {
				cur.WriteString(joiner(cur.String(), s))
				cur.WriteString(s)
				curSize = math.Max(curSize, l.size)
				continue
			}
			flush()
		}
		cur.WriteString(s)
		curSize = l.size
	}
	flush()
	return out
}

// joiner is what goes between a wrapped line and its continuation: nothing
// between Japanese characters, a space between words.
func joiner(a, b string) string {
	last, _ := utf8.DecodeLastRuneInString(a)
	first, _ := utf8.DecodeRuneInString(b)
	if wide(last) || wide(first) {
		return ""
	}
	if last == '-' && unicode.IsLetter(first) {
		return ""
	}
	return " "
}

// wide reports whether r is written without spaces around it: CJK
// characters, kana, full-width forms and CJK punctuation.
func wide(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xAC00 && r <= 0xD7AF || r >= 0xF900 && r <= 0xFAFF ||
		r >= 0xFE30 && r <= 0xFE4F || r >= 0xFF00 && r <= 0xFFEF || r >= 0x20000
}
