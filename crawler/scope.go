package crawler

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// ScopeMode says how far from a seed the crawl follows links.
type ScopeMode string

// The scope modes.
const (
	// ScopePrefix (the default) keeps to the seed's host and path prefix:
	// a seed of https://host/information/ crawls /information/..., and
	// fetches pages and PDFs on the same host that such pages link to
	// (one hop out) without following their links.
	ScopePrefix ScopeMode = "prefix"
	// ScopeHost keeps to the seed's host.
	ScopeHost ScopeMode = "host"
)

// ParseScopeMode reads "prefix" or "host".
func ParseScopeMode(s string) (ScopeMode, error) {
	switch m := ScopeMode(strings.ToLower(strings.TrimSpace(s))); m {
	case ScopePrefix, ScopeHost:
		return m, nil
	}
	return "", fmt.Errorf("scope %q: want prefix or host", s)
}

// section is the part of a site one seed covers: its host (with port) and
// path prefix.
type section struct {
	scheme, host, prefix string
}

// sectionOf returns the section of a seed URL: its directory, i.e. the path
// up to its last slash, or the whole path as a directory when its last
// segment has no dot (https://host/news is the section /news/).
func sectionOf(seed string) (section, error) {
	f, err := fetchForm(seed)
	if err != nil {
		return section{}, err
	}
	u, _ := url.Parse(f)
	p := u.EscapedPath()
	last := p[strings.LastIndexByte(p, '/')+1:]
	switch {
	case last == "":
	case !strings.Contains(last, "."):
		p += "/"
	default:
		p = p[:len(p)-len(last)]
	}
	return section{scheme: u.Scheme, host: u.Host, prefix: p}, nil
}

// contains reports whether u (normalised) lies in the section under mode.
// Both http and https count as the section's, since sites move between them.
func (s section) contains(u *url.URL, mode ScopeMode) bool {
	if !strings.EqualFold(u.Host, s.host) {
		return false
	}
	if mode == ScopeHost {
		return true
	}
	p := u.EscapedPath()
	return strings.HasPrefix(p, s.prefix) || p+"/" == s.prefix
}

// sameHost reports whether u is on the section's host.
func (s section) sameHost(u *url.URL) bool { return strings.EqualFold(u.Host, s.host) }

// skipExt lists path extensions that never hold an announcement; links to
// them are not fetched.
var skipExt = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".svg": true,
	".ico": true, ".bmp": true, ".tif": true, ".tiff": true, ".avif": true,
	".css": true, ".js": true, ".mjs": true, ".json": true, ".map": true,
	".woff": true, ".woff2": true, ".ttf": true, ".otf": true, ".eot": true,
	".mp3": true, ".mp4": true, ".m4a": true, ".mov": true, ".avi": true, ".wmv": true, ".webm": true, ".wav": true,
	".zip": true, ".gz": true, ".tgz": true, ".lzh": true, ".7z": true, ".rar": true, ".exe": true, ".dmg": true,
	".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".ppt": true, ".pptx": true, ".csv": true,
	".ics": true, ".vcf": true,
}

// skippedByExtension reports whether u names a file type the crawler never
// fetches as a document.
func skippedByExtension(u *url.URL) bool {
	ext := strings.ToLower(path.Ext(u.Path))
	if ext == ".gz" && strings.HasSuffix(strings.ToLower(u.Path), ".xml.gz") {
		return false
	}
	return skipExt[ext]
}

var (
	// pageParam matches a pagination query parameter with a number.
	pageParam = regexp.MustCompile(`(?i)(?:^|&)(?:page|pg|p|paged|pageno|page_no|pagenum|pageid|pager|start|offset|pn|pno)=\d+(?:&|$)`)
	// pagePath matches /page/2/, /page2.html, /list_3.html, /index_2.html, /p/4.
	pagePath = regexp.MustCompile(`(?i)/(?:page|p)/\d+/?$|/(?:page|list|index|backnumber)[-_]?\d+\.(?:html?|php|aspx?)$`)
	// yearSegment matches a year archive segment: /2023/, /2023.html, /2023_list.html, /y2023/, /fy2023/.
	yearSegment = regexp.MustCompile(`(?i)^(?:f?y)?(?:19|20)\d\d(?:[-_]?(?:list|index|archive))?(?:\.(?:html?|php|aspx?))?$`)
	// yearParam matches a year query parameter.
	yearParam = regexp.MustCompile(`(?i)(?:^|&)(?:year|y|fy|nendo)=(?:19|20)\d\d(?:&|$)`)
)

// isListingURL reports whether u looks like another page of a listing
// (pagination) or a year archive within the section: such pages are part
// of the listing and do not count as a hop for MaxDepth.
func isListingURL(u *url.URL, s section) bool {
	if pageParam.MatchString(u.RawQuery) || yearParam.MatchString(u.RawQuery) {
		return true
	}
	p := u.EscapedPath()
	if pagePath.MatchString(p) {
		return true
	}
	if !strings.HasPrefix(p, s.prefix) {
		return false
	}
	rest := strings.Trim(p[len(s.prefix):], "/")
	if rest == "" {
		return false
	}
	segs := strings.Split(rest, "/")
	// /information/2023/ or /information/2023/index.html or /information/2023.html
	switch {
	case len(segs) == 1:
		return yearSegment.MatchString(segs[0])
	case len(segs) == 2:
		return yearSegment.MatchString(segs[0]) && (segs[1] == "index.html" || segs[1] == "index.htm" || pagePath.MatchString("/"+segs[1]))
	}
	return false
}

// filters holds the user's include and exclude patterns.
type filters struct {
	include, exclude []*regexp.Regexp
}

// allows reports whether a URL passes the patterns: no exclude matches and,
// when includes are given, one include matches.
func (f filters) allows(u string) bool {
	for _, re := range f.exclude {
		if re.MatchString(u) {
			return false
		}
	}
	if len(f.include) == 0 {
		return true
	}
	for _, re := range f.include {
		if re.MatchString(u) {
			return true
		}
	}
	return false
}
