package demosite

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

//go:embed site
var siteFS embed.FS

// jst is the site's time zone (fixed, so that the package needs no tzdata).
var jst = time.FixedZone("JST", 9*60*60)

// siteUpdated is the modification time of pages that are not announcements.
var siteUpdated = time.Date(2024, 3, 1, 9, 0, 0, 0, jst)

// resource is one static response of the site.
type resource struct {
	body        []byte
	contentType string // the Content-Type header value
	modTime     time.Time
	etag        string
	status      int    // 0 means 200
	source      string // the page before charset encoding (HTML pages only)
}

// site holds every static response, keyed by URL path.
type site struct {
	res map[string]*resource
	// pages maps a listing page number to its path.
	pages map[int]string
}

// loadSite renders the whole site once.
var loadSite = sync.OnceValues(buildSite)

type crumb struct{ Text, Href string }

type link struct{ Text, Href string }

// view is what the layout templates render.
type view struct {
	Charset       string
	HTTPEquiv     bool
	Title         string
	Heading       string
	Description   string
	DateLabel     string
	DateTime      string
	MetaPublished template.HTML // the whole <meta property="article:published_time"> tag
	Category      string
	Crumbs        []crumb
	Body          template.HTML
	Related       []link
	Article       bool
	Sidebar       bool
}

type listItem struct {
	Date, Category, Href, Title, Size string
	PDF                               bool
}

type pagerLink struct {
	Text, Href string
	Current    bool
}

type listing struct {
	Lead  string
	Items []listItem
	Pager []pagerLink
	Prev  string
	Next  string
	Extra *link
}

func buildSite() (*site, error) {
	tmpl, err := template.ParseFS(siteFS, "site/templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("demosite: parse templates: %w", err)
	}
	s := &site{res: make(map[string]*resource), pages: make(map[int]string)}

	// Static files.
	statics, err := fs.Glob(siteFS, "site/static/*")
	if err != nil {
		return nil, fmt.Errorf("demosite: static files: %w", err)
	}
	for _, name := range statics {
		b, err := siteFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("demosite: %w", err)
		}
		ct := "text/css; charset=utf-8"
		if strings.HasSuffix(name, ".svg") {
			ct = "image/svg+xml"
		}
		s.add("/static/"+path.Base(name), &resource{body: b, contentType: ct, modTime: siteUpdated})
	}

	// Announcements and the disallowed internal page.
	for _, p := range append(append([]Page(nil), Announcements...), internalPage) {
		if err := s.addAnnouncement(tmpl, p); err != nil {
			return nil, err
		}
	}

	// The paginated listing: /information/ (also index.html and ?page=1),
	// /information/page/N/ (also ?page=N).
	pages := (len(Announcements) + pageSize - 1) / pageSize
	for n := 1; n <= pages; n++ {
		lo, hi := (n-1)*pageSize, min(n*pageSize, len(Announcements))
		l := listing{Lead: "ときわ野精工グループからのお知らせ、ニュースリリース、IRニュースを掲載しています。"}
		for _, p := range Announcements[lo:hi] {
			l.Items = append(l.Items, s.item(p))
		}
		for i := 1; i <= pages; i++ {
			l.Pager = append(l.Pager, pagerLink{Text: strconv.Itoa(i), Href: pagePath(i), Current: i == n})
		}
		if n > 1 {
			l.Prev = pagePath(n - 1)
		}
		if n < pages {
			// The 次へ link uses the query form; the numbered pager uses /page/N/.
			l.Next = "/information/?page=" + strconv.Itoa(n+1)
		}
		if n == pages {
			l.Extra = &link{Text: "関係者向け資料（社内限定）", Href: internalPage.Path}
		}
		title := "お知らせ一覧"
		crumbs := []crumb{{"ホーム", "/"}, {"お知らせ", ""}}
		if n > 1 {
			title = fmt.Sprintf("お知らせ一覧（%dページ目）", n)
			crumbs = []crumb{{"ホーム", "/"}, {"お知らせ", "/information/"}, {fmt.Sprintf("%dページ目", n), ""}}
		}
		r, err := s.renderListing(tmpl, title, crumbs, l)
		if err != nil {
			return nil, err
		}
		s.pages[n] = pagePath(n)
		s.add(pagePath(n), r)
		if n == 1 {
			s.add("/information/index.html", r)
		} else {
			s.add(fmt.Sprintf("/information/page/%d/index.html", n), r)
		}
	}

	// Year archives.
	for _, year := range []string{"2024", "2023", "2022"} {
		l := listing{Lead: year + "年のお知らせ"}
		for _, p := range Announcements {
			if strings.HasPrefix(p.Published, year) {
				l.Items = append(l.Items, s.item(p))
			}
		}
		r, err := s.renderListing(tmpl, year+"年のお知らせ",
			[]crumb{{"ホーム", "/"}, {"お知らせ", "/information/"}, {year + "年", ""}}, l)
		if err != nil {
			return nil, err
		}
		s.add("/information/"+year+"/", r)
	}

	// Other pages of the site.
	if err := s.addOtherPages(tmpl); err != nil {
		return nil, err
	}
	return s, nil
}

func pagePath(n int) string {
	if n == 1 {
		return "/information/"
	}
	return fmt.Sprintf("/information/page/%d/", n)
}

func (s *site) add(p string, r *resource) {
	if r.etag == "" {
		sum := sha256.Sum256(r.body)
		r.etag = `"` + hex.EncodeToString(sum[:8]) + `"`
	}
	s.res[p] = r
}

func (s *site) item(p Page) listItem {
	it := listItem{
		Date:     strings.ReplaceAll(p.Published, "-", "."),
		Category: p.category,
		Href:     p.Path,
		Title:    p.Title,
	}
	if p.ContentType == "application/pdf" {
		it.PDF = true
		if r, ok := s.res[p.Path]; ok {
			it.Size = fmt.Sprintf("%dKB", (len(r.body)+1023)/1024)
		}
	}
	return it
}

func titleOf(p string) string {
	p, _, _ = strings.Cut(p, "#")
	for _, a := range Announcements {
		if a.Path == p {
			return a.Title
		}
	}
	return p
}

func published(p Page) time.Time {
	t, err := time.ParseInLocation("2006-01-02", p.Published, jst)
	if err != nil {
		return siteUpdated
	}
	return t.Add(10 * time.Hour)
}

func (s *site) addAnnouncement(tmpl *template.Template, p Page) error {
	src, err := siteFS.ReadFile("site/" + p.source)
	if err != nil {
		return fmt.Errorf("demosite: %s: %w", p.Path, err)
	}
	mod := published(p)
	if p.ContentType == "application/pdf" {
		s.add(p.Path, &resource{body: src, contentType: "application/pdf", modTime: mod})
		return nil
	}
	v := view{
		Charset:   p.Charset,
		HTTPEquiv: !p.HeaderCharset,
		Title:     p.Title,
		Heading:   p.Title,
		DateLabel: p.dateLabel,
		DateTime:  p.Published,
		Category:  p.category,
		Body:      template.HTML(src),
		Article:   true,
		Crumbs:    []crumb{{"ホーム", "/"}, {"お知らせ", "/information/"}, {p.Title, ""}},
	}
	if strings.HasPrefix(p.Path, "/ir/") {
		v.Crumbs = []crumb{{"ホーム", "/"}, {"IR情報", "/ir/"}, {p.Title, ""}}
	}
	if p.MetaPublished {
		// Written as a whole tag: html/template would escape the "+" of
		// the zone offset inside an attribute as &#43;.
		v.MetaPublished = template.HTML(`<meta property="article:published_time" content="` +
			mod.Format(time.RFC3339) + `">`)
	}
	for _, r := range p.related {
		v.Related = append(v.Related, link{Text: titleOf(r), Href: r})
	}
	name := "layout"
	if p.legacy {
		name = "legacy"
	}
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, name, v); err != nil {
		return fmt.Errorf("demosite: render %s: %w", p.Path, err)
	}
	body, err := encode(buf.String(), p.Charset)
	if err != nil {
		return fmt.Errorf("demosite: encode %s as %s: %w", p.Path, p.Charset, err)
	}
	ct := "text/html"
	if p.HeaderCharset {
		ct += "; charset=" + p.Charset
	}
	s.add(p.Path, &resource{body: body, contentType: ct, modTime: mod, source: buf.String()})
	return nil
}

func (s *site) renderListing(tmpl *template.Template, title string, crumbs []crumb, l listing) (*resource, error) {
	var body bytes.Buffer
	if err := tmpl.ExecuteTemplate(&body, "listing", l); err != nil {
		return nil, fmt.Errorf("demosite: render listing %s: %w", title, err)
	}
	v := view{
		Charset: UTF8, Title: title, Heading: title, Crumbs: crumbs,
		Body: template.HTML(body.String()), Sidebar: true,
		Description: "株式会社ときわ野精工ホールディングスのお知らせ一覧です。",
	}
	return s.renderUTF8(tmpl, v)
}

func (s *site) renderUTF8(tmpl *template.Template, v view) (*resource, error) {
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, "layout", v); err != nil {
		return nil, fmt.Errorf("demosite: render %s: %w", v.Title, err)
	}
	return &resource{body: buf.Bytes(), contentType: "text/html; charset=UTF-8", modTime: siteUpdated, source: buf.String()}, nil
}

func (s *site) addOtherPages(tmpl *template.Template) error {
	// The home page shows the three newest announcements.
	home, err := template.ParseFS(siteFS, "site/pages/home.html")
	if err != nil {
		return fmt.Errorf("demosite: parse home page: %w", err)
	}
	var items []listItem
	for _, p := range Announcements[:3] {
		items = append(items, s.item(p))
	}
	var hb bytes.Buffer
	if err := home.Execute(&hb, items); err != nil {
		return fmt.Errorf("demosite: render home page: %w", err)
	}
	r, err := s.renderUTF8(tmpl, view{Charset: UTF8, Title: "ホーム", Body: template.HTML(hb.String())})
	if err != nil {
		return err
	}
	s.add("/", r)
	s.add("/index.html", r)

	for _, pg := range []struct{ path, file, title string }{
		{"/products/", "products.html", "製品情報"},
		{"/company/", "company.html", "企業情報"},
		{"/ir/", "ir.html", "IR情報"},
		{"/contact/", "contact.html", "お問い合わせ"},
		{"/privacy/", "privacy.html", "個人情報保護方針"},
		{"/en/", "en.html", "English"},
		{"/sitemap/", "sitemap.html", "サイトマップ"},
	} {
		b, err := siteFS.ReadFile("site/pages/" + pg.file)
		if err != nil {
			return fmt.Errorf("demosite: %w", err)
		}
		r, err := s.renderUTF8(tmpl, view{
			Charset: UTF8, Title: pg.title, Heading: pg.title,
			Crumbs: []crumb{{"ホーム", "/"}, {pg.title, ""}}, Body: template.HTML(b),
		})
		if err != nil {
			return err
		}
		s.add(pg.path, r)
	}

	r, err = s.renderUTF8(tmpl, view{
		Charset: UTF8, Title: "ページが見つかりません", Heading: "ページが見つかりません",
		Body: template.HTML(`<p>お探しのページは移動または削除された可能性があります。</p><p><a href="/">ホームへ戻る</a></p>`),
	})
	if err != nil {
		return err
	}
	r.status = 404
	s.res[notFoundKey] = r
	return nil
}

// notFoundKey holds the 404 page; it is no valid URL path.
const notFoundKey = "404"

// encode converts UTF-8 text into charset.
func encode(text, charset string) ([]byte, error) {
	var enc *encoding.Encoder
	switch charset {
	case UTF8:
		return []byte(text), nil
	case ShiftJIS:
		enc = japanese.ShiftJIS.NewEncoder()
	case EUCJP:
		enc = japanese.EUCJP.NewEncoder()
	default:
		return nil, fmt.Errorf("unknown charset %q", charset)
	}
	return enc.Bytes([]byte(text))
}
