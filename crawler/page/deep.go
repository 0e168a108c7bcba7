package page

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxNesting is how deep flattenDeep lets elements nest: below the 512
// open elements at which html.Parse gives up on a page.
const maxNesting = 400

// parseTree parses decoded HTML. A page nested deeper than html.Parse
// accepts (a generated page, a broken template, a trap) is parsed again
// with the elements below maxNesting unwrapped, so that its text is kept.
func parseTree(src string) (*html.Node, error) {
	root, err := html.Parse(strings.NewReader(src))
	if err == nil {
		return root, nil
	}
	return html.Parse(strings.NewReader(flattenDeep(src)))
}

// flattenDeep rewrites HTML so that no element opens below maxNesting:
// deeper start tags and their end tags are dropped, their text kept.
func flattenDeep(src string) string {
	var b strings.Builder
	b.Grow(len(src))
	z := html.NewTokenizer(strings.NewReader(src))
	var open []bool // for each open element: whether its tags were kept
	depth := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return b.String()
		}
		raw := z.Raw()
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidElements[atom.Lookup(name)] {
				break
			}
			keep := depth < maxNesting
			open = append(open, keep)
			if keep {
				depth++
			} else {
				continue
			}
		case html.EndTagToken:
			if len(open) > 0 {
				keep := open[len(open)-1]
				open = open[:len(open)-1]
				if !keep {
					continue
				}
				depth--
			}
		}
		b.Write(raw)
	}
}

// voidElements have no end tag and never stay open.
var voidElements = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
}
