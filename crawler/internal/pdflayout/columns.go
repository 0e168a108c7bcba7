package pdflayout

import (
	"math"
	"slices"
)

// Text set in columns side by side (a gazette page, a two-column poem, a
// newsletter) shares baselines across the columns; read line by line it
// alternates between them. splitColumns finds the gutters and cuts the
// lines there; makeBlocks then keeps each column's segments together and
// orderBlocks reads one column to its end before the next.

// gutter is a run of blank space along the lines, [a, b] in frame units.
type gutter struct{ a, b float64 }

// splitColumns cuts lines at gutters: a gap of at least two characters
// that at least four lines share, with prose (six characters or more on
// average) on both sides, so that a form's labels and values or a table
// of short cells stay rows. Up to three gutters (four columns) a page.
func splitColumns(ls []line) []line {
	for range 3 {
		g, ok := findGutter(ls)
		if !ok {
			return ls
		}
		var out []line
		for _, l := range ls {
			left, right, ok := l.cut(g)
			if !ok {
				out = append(out, l)
				continue
			}
			out = append(out, left, right)
		}
		ls = out
	}
	return ls
}

// gaps returns the wide gaps of a line: spans of at least two characters
// between neighbouring glyphs.
func (l line) gaps() []gutter {
	var out []gutter
	end := math.Inf(-1)
	for i, g := range l.glyphs {
		if i > 0 && g.fx-end >= 2*l.size {
			out = append(out, gutter{end, g.fx})
		}
		end = math.Max(end, g.fx+g.Adv)
	}
	return out
}

// findGutter picks the gap position most lines share.
func findGutter(ls []line) (gutter, bool) {
	type cand struct {
		g             gutter
		lines         int
		leftN, rightN int
		leftC, rightC int
	}
	var best cand
	for _, l := range ls {
		for _, g := range l.gaps() {
			x := (g.a + g.b) / 2
			c := cand{g: g}
			for _, m := range ls {
				for _, h := range m.gaps() {
					if h.a <= x && x <= h.b {
						c.lines++
						c.g.a, c.g.b = math.Max(c.g.a, h.a), math.Min(c.g.b, h.b)
						left, right := m.count(x)
						c.leftN, c.rightN = c.leftN+left, c.rightN+right
						break
					}
				}
			}
			if c.lines > best.lines {
				best = c
			}
		}
	}
	if best.lines < 4 || best.leftN < 6*best.lines || best.rightN < 6*best.lines {
		return gutter{}, false
	}
	return best.g, true
}

// count returns how many glyphs of the line lie before and after x, each
// side counted to the nearest wide gap.
func (l line) count(x float64) (left, right int) {
	gs := l.gaps()
	lo, hi := math.Inf(-1), math.Inf(1)
	for _, g := range gs {
		if g.b <= x {
			lo = math.Max(lo, g.b)
		}
		if g.a >= x {
			hi = math.Min(hi, g.a)
		}
	}
	for _, g := range l.glyphs {
		switch {
		case g.fx < x && g.fx >= lo:
			left++
		case g.fx > x && g.fx < hi:
			right++
		}
	}
	return left, right
}

// cut splits a line in two at a gap that contains the gutter's middle.
func (l line) cut(g gutter) (left, right line, ok bool) {
	x := (g.a + g.b) / 2
	for _, h := range l.gaps() {
		if h.a <= x && x <= h.b {
			left, right = l, l
			left.glyphs, right.glyphs = nil, nil
			for _, p := range l.glyphs {
				if p.fx < x {
					left.glyphs = append(left.glyphs, p)
				} else {
					right.glyphs = append(right.glyphs, p)
				}
			}
			left.measure()
			right.measure()
			left.col, right.col = true, true
			return left, right, true
		}
	}
	return l, l, false
}

// measure sets a line's extent and widest gap from its glyphs.
func (l *line) measure() {
	l.start = l.glyphs[0].fx
	l.end = l.start
	l.gap = 0
	for _, g := range l.glyphs {
		l.gap = math.Max(l.gap, g.fx-l.end)
		l.end = math.Max(l.end, g.fx+g.Adv)
	}
}

// orderBlocks puts one direction's blocks in reading order: from the top
// (−fy) down, except that a block beside the next one, earlier along the
// lines and overlapping it across them, comes first (the left column
// before the right; for vertical text, the upper tier before the lower).
func orderBlocks(bs []block) []block {
	remaining := slices.Clone(bs)
	out := make([]block, 0, len(bs))
	for len(remaining) > 0 {
		c := 0
		for range len(remaining) {
			next := -1
			for i, b := range remaining {
				if i != c && b.end <= remaining[c].start+0.5*b.size && b.fyLow < remaining[c].fyHigh && remaining[c].fyLow < b.fyHigh &&
					(next < 0 || b.fyHigh > remaining[next].fyHigh) {
					next = i
				}
			}
			if next < 0 {
				break
			}
			c = next
		}
		out = append(out, remaining[c])
		remaining = slices.Delete(remaining, c, c+1)
	}
	return out
}
