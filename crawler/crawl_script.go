package crawler

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Listings built by script: many お知らせ一覧 and IR news widgets ship an
// empty list and a script that fills it from a JSON or XML file. Without a
// browser the crawler sees no items; it can still follow the data file
// when the page or its scripts name it, and it tells the user when a
// listing needs `--render`.

var (
	// endpointRE matches a quoted URL or path of a JSON, XML or feed file
	// in a script or attribute.
	endpointRE = regexp.MustCompile(`["'\x60]((?:https?://|/|\./|\.\./)?[A-Za-z0-9_\-./~%]+\.(?:json|xml|rss|rdf|atom)(?:\?[^"'\x60\s<>]*)?)["'\x60]`)
	// loaderRE matches the ways a script loads data.
	loaderRE = regexp.MustCompile(`\bfetch\s*\(|XMLHttpRequest|\$\.(?:ajax|getJSON|get|post)\s*\(|\.load\s*\(|axios\.|\bjQuery\.(?:ajax|getJSON)\s*\(`)
	// listBoxRE matches id/class words of the box a listing's items go in.
	listBoxRE = regexp.MustCompile(`(?i)news|list|topics|info|release|ir|whatsnew|oshirase|entries|feed`)
	// loadingRE matches the placeholder text of a list still to be filled.
	loadingRE = regexp.MustCompile(`(?i)^(?:読み込み中|読込中|ロード中|loading|now loading)[.…・\s]*$`)
)

// scriptListing reads a listing page's HTML: whether it fills its items by
// script (a script that loads data, or an empty or "loading" list box
// beside scripts), and the same-host JSON/XML/feed files that its scripts
// or data-* attributes name.
func scriptListing(body []byte, base *url.URL) (byScript bool, endpoints []string) {
	root, err := html.Parse(bytes.NewReader(body))
	if err != nil || base == nil {
		return false, nil
	}
	seen := map[string]bool{}
	add := func(raw string) {
		u, err := base.Parse(strings.TrimSpace(raw))
		if err != nil || u.Host != base.Host || (u.Scheme != "http" && u.Scheme != "https") {
			return
		}
		u.Fragment = ""
		if s := u.String(); !seen[s] {
			seen[s] = true
			endpoints = append(endpoints, s)
		}
	}
	var loads, scripts, emptyBox bool
	walkElements(root, func(n *html.Node) {
		if n.DataAtom == atom.Script {
			scripts = true
			src := textOf(n)
			if loaderRE.MatchString(src) {
				loads = true
			}
			for _, m := range endpointRE.FindAllStringSubmatch(src, 20) {
				add(m[1])
			}
			return
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "data-") && endpointRE.MatchString(`"`+a.Val+`"`) {
				add(a.Val)
			}
		}
		if (n.DataAtom == atom.Ul || n.DataAtom == atom.Ol || n.DataAtom == atom.Div || n.DataAtom == atom.Tbody || n.DataAtom == atom.Dl) &&
			listBoxRE.MatchString(attr(n, "id")+" "+attr(n, "class")) && find(n, func(m *html.Node) bool { return m.DataAtom == atom.A }) == nil {
			t := strings.TrimSpace(collapseSpace(textOf(n)))
			if t == "" || loadingRE.MatchString(t) {
				emptyBox = true
			}
		}
	})
	return loads || (scripts && emptyBox), endpoints
}

// linkKeys are the keys under which JSON and XML data files give an
// item's address.
var linkKeys = map[string]bool{"url": true, "link": true, "href": true, "path": true, "permalink": true, "uri": true, "loc": true, "file": true, "pdf": true}

// pagePathRE matches a string that is plainly the address of a page or a
// document, not some other string value.
var pagePathRE = regexp.MustCompile(`(?i)^(?:https?://[^\s]+|/[^\s]*)$`)

// dataLinks reads the page addresses a JSON or XML data file lists: string
// values under url/link/href/path-like keys, resolved against the file's
// URL and kept when on its host. A file that lists none gives nothing.
func dataLinks(body []byte, base *url.URL) []string {
	var raw []string
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		var v any
		if json.Unmarshal(trimmed, &v) != nil {
			return nil
		}
		var walk func(v any)
		walk = func(v any) {
			switch x := v.(type) {
			case map[string]any:
				for k, e := range x {
					if s, ok := e.(string); ok && linkKeys[strings.ToLower(k)] {
						raw = append(raw, s)
						continue
					}
					walk(e)
				}
			case []any:
				for _, e := range x {
					walk(e)
				}
			}
		}
		walk(v)
	} else {
		d := xml.NewDecoder(bytes.NewReader(trimmed))
		d.Strict = false
		var name string
		for len(raw) < maxLinksPerPage {
			tok, err := d.Token()
			if err != nil {
				break
			}
			switch t := tok.(type) {
			case xml.StartElement:
				name = strings.ToLower(t.Name.Local)
				for _, a := range t.Attr {
					if linkKeys[strings.ToLower(a.Name.Local)] {
						raw = append(raw, a.Value)
					}
				}
			case xml.CharData:
				if linkKeys[name] {
					raw = append(raw, string(t))
				}
			case xml.EndElement:
				name = ""
			}
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range raw {
		s = strings.TrimSpace(s)
		if !pagePathRE.MatchString(s) {
			continue
		}
		u, err := base.Parse(s)
		if err != nil || u.Host != base.Host {
			continue
		}
		u.Fragment = ""
		if k := u.String(); !seen[k] && len(out) < maxLinksPerPage {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// isJSONType reports whether a media type is JSON.
func isJSONType(mt string) bool {
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}
