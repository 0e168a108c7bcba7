package crawler

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/kohyo-dev/kohyo/crawler/page"

	"golang.org/x/net/idna"
)

// Canonical returns the canonical form of an absolute http or https URL: the
// identity under which a page is stored, so that the variants a site links
// to (with a fragment, a tracking parameter, an upper-case host, the default
// port, with or without index.html or a trailing slash) make one document.
//
// The rules: scheme and host lower-case (internationalised host names in
// their ASCII form), default ports and an empty query dropped, dot segments
// resolved, percent-escapes normalised, the fragment dropped, tracking
// parameters (utm_*, fbclid, gclid, ...) and session ids (jsessionid,
// PHPSESSID, sid, ..., also as ;jsessionid= path parameters) removed, the remaining query
// parameters sorted by name (stable, values untouched), a final index.html or
// index.htm removed, and a trailing slash removed from every path but "/".
//
// The last two rules make a URL that a server might not answer itself
// (https://host/information for https://host/information/); the crawler
// therefore fetches the form the site linked to (see fetchForm) and uses
// Canonical only as the page's identity.
func Canonical(raw string) (string, error) {
	u, err := normaliseURL(raw)
	if err != nil {
		return "", err
	}
	p := u.EscapedPath()
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		switch strings.ToLower(p[i+1:]) {
		case "index.html", "index.htm":
			p = p[:i+1]
		}
	}
	if len(p) > 1 {
		p = strings.TrimRight(p, "/")
		if p == "" {
			p = "/"
		}
	}
	u.RawQuery = sortQuery(u.RawQuery)
	return rebuild(u, p), nil
}

// fetchForm returns the form of raw that the crawler requests: normalised as
// in Canonical (case, port, escapes, fragment, tracking parameters), but with
// the path's index.html and trailing slash, and the order of the query's
// parameters, as the site wrote them: not every server answers both forms of
// a path, some scripts read their query string in order, and robots.txt
// rules (Disallow: /*?print=1) are matched against the URL as requested.
func fetchForm(raw string) (string, error) {
	u, err := normaliseURL(raw)
	if err != nil {
		return "", err
	}
	return rebuild(u, u.EscapedPath()), nil
}

// normaliseURL parses raw and applies the rules shared by Canonical and
// fetchForm. Only absolute http and https URLs with a host are accepted.
func normaliseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", page.ErrBadURL, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w: %q: not http or https", page.ErrBadURL, raw)
	}
	if u.Opaque != "" || u.Host == "" {
		return nil, fmt.Errorf("%w: %q: no host", page.ErrBadURL, raw)
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""

	host, port := u.Hostname(), u.Port()
	host = strings.TrimRight(strings.ToLower(host), ".")
	if host == "" {
		return nil, fmt.Errorf("%w: %q: no host", page.ErrBadURL, raw)
	}
	if net.ParseIP(host) == nil {
		if a, err := idna.Lookup.ToASCII(host); err == nil {
			host = a
		}
	}
	if (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		host += ":" + port
	}
	u.Host = host

	if strings.Contains(u.Path, ";") {
		u.Path = sessionPathParam.ReplaceAllString(u.Path, "")
		u.RawPath = ""
	}
	// Resolve dot segments; ResolveReference does it for an absolute ref.
	q := u.RawQuery
	u = u.ResolveReference(&url.URL{Path: u.Path, RawPath: u.RawPath})
	u.RawQuery = q
	if u.Path == "" {
		u.Path = "/"
	}
	// Re-escape the path from its decoded form (upper-case hex, no needless
	// escapes) unless it holds an escaped slash, which decoding would lose.
	if !strings.Contains(strings.ToLower(u.RawPath), "%2f") {
		u.RawPath = ""
	}
	u.RawQuery = cleanQuery(u.RawQuery)
	u.ForceQuery = false
	return u, nil
}

// rebuild writes u with path p (already escaped).
func rebuild(u *url.URL, p string) string {
	var b strings.Builder
	b.WriteString(u.Scheme)
	b.WriteString("://")
	b.WriteString(u.Host)
	b.WriteString(p)
	if u.RawQuery != "" {
		b.WriteByte('?')
		b.WriteString(u.RawQuery)
	}
	return b.String()
}

// trackingParams are query parameters that identify a campaign, a click
// or a visitor's session, not a page: a session id in URLs would make
// every page new on every visit (a crawler trap).
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "mc_cid": true, "mc_eid": true,
	"_ga": true, "_gl": true, "igshid": true,
	"jsessionid": true, "phpsessid": true, "sessionid": true, "session_id": true, "sessid": true,
	"cfid": true, "cftoken": true, "zenid": true, "oscsid": true,
}

func isTrackingParam(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "utm_") || strings.HasPrefix(n, "aspsessionid") || trackingParams[n]
}

// sessionPathParam is a session id carried as a path parameter
// (/news/list.jsp;jsessionid=0A1B2C).
var sessionPathParam = regexp.MustCompile(`(?i);(?:jsessionid|phpsessid|sessionid|sid)=[^/;?]*`)

// cleanQuery drops tracking and empty parameters from a raw query, keeping
// each pair's encoding and the order of the rest.
func cleanQuery(q string) string {
	if q == "" {
		return ""
	}
	parts := strings.FieldsFunc(q, func(r rune) bool { return r == '&' || r == ';' })
	kept := parts[:0]
	for _, p := range parts {
		name, _, _ := strings.Cut(p, "=")
		if dn, err := url.QueryUnescape(name); err == nil {
			name = dn
		}
		if name == "" || isTrackingParam(name) {
			continue
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, "&")
}

// sortQuery sorts a cleaned raw query's parameters by name, keeping the
// order of equal names.
func sortQuery(q string) string {
	if q == "" {
		return ""
	}
	kept := strings.Split(q, "&")
	sort.SliceStable(kept, func(i, j int) bool {
		a, _, _ := strings.Cut(kept[i], "=")
		b, _, _ := strings.Cut(kept[j], "=")
		return a < b
	})
	return strings.Join(kept, "&")
}
