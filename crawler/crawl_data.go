package crawler

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"regexp"
	"strings"

	"github.com/kohyo-dev/kohyo/crawler/page"
)

// Data files of script-filled listings: a JSON or XML file that a
// listing's script loads (page.Link.Data) is read for the page addresses
// it lists, and those are followed like a feed's entries.

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
		for len(raw) < page.MaxLinks {
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
		if k := u.String(); !seen[k] && len(out) < page.MaxLinks {
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
