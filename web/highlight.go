package web

import (
	"html/template"
	"slices"
	"strconv"
	"strings"
)

// highlight renders text as HTML with every mention wrapped in
//
//	<mark data-field="FIELD" data-m="FIELD-SEQ" title="NORMALISED VALUE">…</mark>
//
// placed by the mention's code-point offsets. Mentions may nest (a
// category inside a count's sentence); two that cross are closed and
// reopened, so one mention can be several marks with the same data-m
// whose texts, joined, are the mention's text. Mentions whose offsets
// fall outside the text are left out and counted in skipped.
func highlight(text string, ms []Mention) (out template.HTML, skipped int) {
	runes := []rune(text)
	var valid []Mention
	for _, m := range ms {
		if m.Start < 0 || m.End > len(runes) || m.Start >= m.End {
			skipped++
			continue
		}
		valid = append(valid, m)
	}
	bounds := []int{0, len(runes)}
	for _, m := range valid {
		bounds = append(bounds, m.Start, m.End)
	}
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)

	var b strings.Builder
	var stack []int // indexes into valid, innermost last
	open := func(toOpen []int) {
		// Longest first, so that shorter ones nest inside.
		slices.SortStableFunc(toOpen, func(x, y int) int {
			if valid[x].End != valid[y].End {
				return valid[y].End - valid[x].End
			}
			return fieldRank(valid[x].Field) - fieldRank(valid[y].Field)
		})
		for _, i := range toOpen {
			m := valid[i]
			b.WriteString(`<mark data-field="`)
			b.WriteString(template.HTMLEscapeString(m.Field))
			b.WriteString(`" data-m="`)
			b.WriteString(template.HTMLEscapeString(m.Field + "-" + strconv.Itoa(m.Seq)))
			b.WriteString(`" title="`)
			b.WriteString(template.HTMLEscapeString(m.Value))
			b.WriteString(`">`)
			stack = append(stack, i)
		}
	}
	for bi, p := range bounds {
		// Close every mark that ends here, and the ones inside it.
		lowest := -1
		for si, i := range stack {
			if valid[i].End == p {
				lowest = si
				break
			}
		}
		var reopen []int
		if lowest >= 0 {
			for len(stack) > lowest {
				i := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				b.WriteString(`</mark>`)
				if valid[i].End != p {
					reopen = append(reopen, i)
				}
			}
		}
		for i, m := range valid {
			if m.Start == p {
				reopen = append(reopen, i)
			}
		}
		open(reopen)
		if bi+1 < len(bounds) {
			b.WriteString(template.HTMLEscapeString(string(runes[p:bounds[bi+1]])))
		}
	}
	return template.HTML(b.String()), skipped
}

func fieldRank(f string) int {
	if i := slices.Index(fields, f); i >= 0 {
		return i
	}
	return len(fields)
}
