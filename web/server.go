package web

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kohyo-dev/kohyo/corpus"
)

//go:embed templates/*.html static
var assets embed.FS

// Server serves one corpus, read-only. Create it with New.
type Server struct {
	store *store
	log   *slog.Logger
	name  string // the corpus file name shown in the footer
	pages map[string]*template.Template
}

// Option configures New.
type Option func(*Server) error

// WithLogger sets the logger for request errors. Default: discard.
func WithLogger(l *slog.Logger) Option {
	return func(s *Server) error {
		if l == nil {
			return errors.New("nil logger")
		}
		s.log = l
		return nil
	}
}

// WithName sets the corpus name shown on every page (default: the file path).
func WithName(name string) Option {
	return func(s *Server) error {
		s.name = name
		return nil
	}
}

// New returns a server reading db. Open db read-only (corpus.ReadOnly)
// and with the segmenter the corpus was indexed with, for search.
func New(db *corpus.DB, opts ...Option) (*Server, error) {
	if db == nil {
		return nil, errors.New("web: nil corpus")
	}
	s := &Server{store: &store{db: db}, log: slog.New(slog.DiscardHandler), name: db.Path()}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
	}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	return s, nil
}

var funcs = template.FuncMap{
	"typeLabel":  typeLabel,
	"catLabel":   categoryLabel,
	"fieldLabel": fieldLabel,
	"join":       func(s []string) string { return strings.Join(s, ", ") },
	"num":        formatInt,
}

// parsePages parses each page together with the layout and the chart.
func parsePages() (map[string]*template.Template, error) {
	pages := map[string]*template.Template{}
	for _, p := range []string{"index", "incident", "document", "search", "stats", "error"} {
		t, err := template.New(p).Funcs(funcs).ParseFS(assets,
			"templates/layout.html", "templates/chart.html", "templates/"+p+".html")
		if err != nil {
			return nil, err
		}
		pages[p] = t
	}
	t, err := template.New("report").Funcs(funcs).ParseFS(assets, "templates/chart.html", "templates/report.html")
	if err != nil {
		return nil, err
	}
	pages["report"] = t
	return pages, nil
}

// Handler returns the routes. Only GET (and HEAD) exist: nothing writes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.index)
	mux.HandleFunc("GET /incidents/{id}", s.incidentPage)
	mux.HandleFunc("GET /documents/{id}", s.documentPage)
	mux.HandleFunc("GET /search", s.searchPage)
	mux.HandleFunc("GET /stats", s.statsPage)
	mux.HandleFunc("GET /api/incidents", s.apiIncidents)
	mux.HandleFunc("GET /api/incidents/{id}", s.apiIncident)
	mux.HandleFunc("GET /api/documents/{id}", s.apiDocument)
	mux.HandleFunc("GET /api/stats", s.apiStats)
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/icon.svg", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			s.fail(w, r, http.StatusMethodNotAllowed, "this server is read-only")
			return
		}
		s.fail(w, r, http.StatusNotFound, "no such page")
	})
	return securityHeaders(mux)
}

// securityHeaders forbids scripts, frames and every origin but our own.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "+
			"form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		h.ServeHTTP(w, r)
	})
}

// Timeouts of the HTTP server.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	WriteTimeout      = 60 * time.Second
	IdleTimeout       = 60 * time.Second
	requestTimeout    = 30 * time.Second // one request's database work
)

// HTTPServer returns an http.Server with the handler and timeouts set.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Handler:           http.TimeoutHandler(s.Handler(), requestTimeout, "request timed out"),
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
}

// pageData is what every HTML page template gets.
type pageData struct {
	DB    string
	Query string // the search box's value
	Nav   string
	Data  any
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, nav, query string, data any) {
	var b strings.Builder
	if err := s.pages[name].ExecuteTemplate(&b, "layout", pageData{DB: s.name, Query: query, Nav: nav, Data: data}); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		fmt.Fprint(w, b.String())
	}
}

type errorData struct {
	Status  int
	Text    string
	Message string
}

// fail writes an error page (HTML, or JSON under /api/).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, r, status, map[string]any{"error": msg, "status": status})
		return
	}
	s.render(w, r, status, "error", "", "", errorData{status, http.StatusText(status), msg})
}

// failErr maps an error to 400 (bad parameter), 404 (no such row) or 500.
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, err error) {
	var fe *FilterError
	switch {
	case errors.As(err, &fe):
		s.fail(w, r, http.StatusBadRequest, fe.Error())
	case errors.Is(err, errNotFound):
		s.fail(w, r, http.StatusNotFound, "no such "+strings.Split(strings.Trim(r.URL.Path, "/"), "/")[0])
	case errors.Is(err, corpus.ErrEmptyQuery):
		s.fail(w, r, http.StatusBadRequest, "the search query has no words")
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		s.fail(w, r, http.StatusServiceUnavailable, "the request was cancelled or took too long")
	default:
		s.log.Error("request", "path", r.URL.Path, "err", err)
		s.fail(w, r, http.StatusInternalServerError, "could not read the corpus (see the server log)")
	}
}

func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// pathID reads the positive integer id of /x/{id}; anything else is not found.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, errNotFound
	}
	return id, nil
}

// IncidentList is a page of the filtered incident list.
type IncidentList struct {
	Layout    string       `json:"layout"` // incidents (consolidated) or documents (one per incident document)
	Total     int          `json:"total"`  // incidents that pass the filter
	All       int          `json:"all"`    // incidents in the corpus
	Page      int          `json:"page"`
	PerPage   int          `json:"per_page"`
	Incidents []Incident   `json:"incidents"`
	Facets    Facets       `json:"facets"`
	Filter    Filter       `json:"-"`
	PrevURL   template.URL `json:"-"`
	NextURL   template.URL `json:"-"`
}

func (s *Server) incidentList(r *http.Request) (*IncidentList, error) {
	q := r.URL.Query()
	f, err := ParseFilter(q)
	if err != nil {
		return nil, err
	}
	pg, err := parsePage(q)
	if err != nil {
		return nil, err
	}
	layout, all, err := s.store.incidents(r.Context())
	if err != nil {
		return nil, err
	}
	sel := filterIncidents(all, f)
	l := &IncidentList{Layout: layout, Total: len(sel), All: len(all), Page: pg, PerPage: perPage,
		Facets: facets(all), Filter: f, Incidents: []Incident{}}
	lo := (pg - 1) * perPage
	if lo < len(sel) {
		l.Incidents = sel[lo:min(len(sel), lo+perPage)]
	}
	link := func(p int) template.URL {
		v := f.Query()
		if p > 1 {
			v.Set("page", strconv.Itoa(p))
		}
		return template.URL("/?" + v.Encode())
	}
	if pg > 1 {
		l.PrevURL = link(pg - 1)
	}
	if lo+perPage < len(sel) {
		l.NextURL = link(pg + 1)
	}
	return l, nil
}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	l, err := s.incidentList(r)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "index", "incidents", "", l)
}

func (s *Server) apiIncidents(w http.ResponseWriter, r *http.Request) {
	l, err := s.incidentList(r)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, l)
}

func (s *Server) incidentDetail(r *http.Request) (*IncidentDetail, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.store.incident(r.Context(), id)
}

func (s *Server) incidentPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.incidentDetail(r)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "incident", "incidents", "", d)
}

func (s *Server) apiIncident(w http.ResponseWriter, r *http.Request) {
	d, err := s.incidentDetail(r)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, d)
}

// documentView is a document with its highlighted text.
type documentView struct {
	*Document
	Highlighted template.HTML
	Skipped     int // mentions whose offsets are outside the text
	Legend      []Facet
}

func (s *Server) document(r *http.Request) (*Document, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.store.document(r.Context(), id)
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.document(r)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	v := &documentView{Document: d}
	v.Highlighted, v.Skipped = highlight(d.Text, d.Mentions)
	n := map[string]int{}
	for _, m := range d.Mentions {
		n[m.Field]++
	}
	for _, f := range fields {
		v.Legend = append(v.Legend, Facet{Value: f, Label: fieldLabel(f), N: n[f]})
	}
	s.render(w, r, http.StatusOK, "document", "", "", v)
}

func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request) {
	d, err := s.document(r)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, d)
}

// searchView is the search page's data.
type searchView struct {
	Query string
	Mode  string
	Hits  []searchHit
}

type searchHit struct {
	corpus.Hit
	Before, Match, After string // the snippet cut at the match
}

const maxQueryLen = 200

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	mode := r.URL.Query().Get("mode")
	v := &searchView{Query: q, Mode: mode}
	var sm corpus.SearchMode
	switch mode {
	case "", "auto":
	case "words":
		sm = corpus.SearchWords
	case "substring":
		sm = corpus.SearchSubstring
	default:
		s.fail(w, r, http.StatusBadRequest, "mode must be auto, words or substring")
		return
	}
	if len(q) > maxQueryLen || !utf8.ValidString(q) {
		s.fail(w, r, http.StatusBadRequest, "the search query is longer than 200 bytes or not UTF-8")
		return
	}
	if q != "" {
		hits, err := s.store.db.Search(r.Context(), q, corpus.SearchOptions{Limit: 50, Mode: sm})
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		for _, h := range hits {
			sh := searchHit{Hit: h, Before: h.Snippet}
			rs := []rune(h.Snippet)
			if a, b := h.Match[0], h.Match[1]; a >= 0 && a < b && b <= len(rs) {
				sh.Before, sh.Match, sh.After = string(rs[:a]), string(rs[a:b]), string(rs[b:])
			}
			v.Hits = append(v.Hits, sh)
		}
	}
	s.render(w, r, http.StatusOK, "search", "search", q, v)
}

func (s *Server) stats(r *http.Request) (*Stats, error) {
	f, err := ParseFilter(r.URL.Query())
	if err != nil {
		return nil, err
	}
	layout, all, err := s.store.incidents(r.Context())
	if err != nil {
		return nil, err
	}
	return computeStats(layout, all, f), nil
}

func (s *Server) statsPage(w http.ResponseWriter, r *http.Request) {
	st, err := s.stats(r)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "stats", "stats", "", st)
}

func (s *Server) apiStats(w http.ResponseWriter, r *http.Request) {
	st, err := s.stats(r)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, r, http.StatusOK, st)
}
