package page

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Elements that end a paragraph (a blank line after them) and elements
// that end a line.
var (
	paragraphTags = map[atom.Atom]bool{
		atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
		atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Table: true, atom.Blockquote: true, atom.Pre: true,
		atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true, atom.Main: true,
		atom.Figure: true, atom.Address: true, atom.Hr: true, atom.Form: true, atom.Fieldset: true, atom.Details: true,
	}
	lineTags = map[atom.Atom]bool{
		atom.Div: true, atom.Li: true, atom.Dt: true, atom.Dd: true, atom.Tr: true, atom.Caption: true,
		atom.Figcaption: true, atom.Summary: true, atom.Legend: true, atom.Center: true, atom.Body: true,
		atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
	}
)

// renderText writes the text under n as a person reads it: one line per
// block, a blank line between paragraphs, spaces collapsed, and a line break
// of the HTML source between two Japanese characters dropped (it is not a
// space in Japanese).
func renderText(n *html.Node) string {
	w := &textWriter{}
	w.node(n, false)
	return w.String()
}

type textWriter struct {
	b         strings.Builder
	last      rune // last rune written, 0 at the start of a line
	space     bool // a space is pending
	softSpace bool // the pending space came from a line break in the source
	newlines  int  // line breaks pending (2: a blank line)
}

func (w *textWriter) node(n *html.Node, pre bool) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data, pre)
		return
	case html.ElementNode:
	case html.DocumentNode:
	default:
		return
	}
	a := n.DataAtom
	switch {
	case a == atom.Br:
		w.newlines = min(w.newlines+1, 2)
		return
	case a == atom.Img:
		return
	case paragraphTags[a]:
		w.breakLine(2)
	case lineTags[a]:
		w.breakLine(1)
	case a == atom.Td || a == atom.Th:
		if w.last != 0 {
			w.space, w.softSpace = true, false
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c, pre || a == atom.Pre)
	}
	switch {
	case paragraphTags[a]:
		w.breakLine(2)
	case lineTags[a]:
		w.breakLine(1)
	}
}

func (w *textWriter) breakLine(n int) {
	if w.b.Len() == 0 {
		return
	}
	w.newlines = max(w.newlines, n)
	w.space = false
}

func (w *textWriter) text(s string, pre bool) {
	for _, r := range s {
		if r == '\n' && pre {
			w.newlines = min(w.newlines+1, 2)
			continue
		}
		if r == '\u00a0' || r == '\u200b' || r == '\ufeff' {
			if r == '\u00a0' {
				w.space = w.space || w.last != 0
			}
			continue
		}
		if unicode.IsSpace(r) && r != '\u3000' {
			if w.last != 0 {
				if !w.space {
					w.softSpace = r == '\n' || r == '\r'
				} else if r == '\n' || r == '\r' {
					w.softSpace = true
				}
				w.space = true
			}
			continue
		}
		if unicode.IsControl(r) {
			continue
		}
		w.write(r)
	}
}

func (w *textWriter) write(r rune) {
	if w.newlines > 0 {
		if w.b.Len() > 0 {
			w.b.WriteString(strings.Repeat("\n", w.newlines))
		}
		w.newlines = 0
		w.space = false
		w.last = 0
	}
	if w.space {
		if w.last != 0 && !(w.softSpace && isWide(w.last) && isWide(r)) {
			w.b.WriteByte(' ')
		}
		w.space = false
	}
	if w.last == 0 && r == '\u3000' {
		return // full-width indent at the start of a line
	}
	w.b.WriteRune(r)
	w.last = r
}

func (w *textWriter) String() string {
	return joinParagraphs(strings.Split(w.b.String(), "\n"), func(l string) string {
		return strings.TrimRightFunc(strings.TrimLeft(l, " \t\u3000"), unicode.IsSpace)
	})
}

// isWide reports whether r is a Japanese (or other East Asian wide)
// character, between two of which a source line break is no space.
func isWide(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xAC00 && r <= 0xD7A3 || r >= 0xF900 && r <= 0xFAFF ||
		r >= 0xFE30 && r <= 0xFE4F || r >= 0xFF00 && r <= 0xFF60 || r >= 0xFFE0 && r <= 0xFFE6 ||
		r >= 0x20000 && r <= 0x3FFFD
}
