package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kohyo-dev/kohyo/crawler"
	"github.com/kohyo-dev/kohyo/crawler/page"
	"github.com/kohyo-dev/kohyo/extract"
	"github.com/kohyo-dev/kohyo/incident"
)

// isWebArg reports whether the extract argument names a web document: a URL
// or a local HTML or PDF file.
func isWebArg(arg string) bool {
	l := strings.ToLower(arg)
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "file://") {
		return true
	}
	if strings.HasSuffix(l, ".html") || strings.HasSuffix(l, ".htm") || strings.HasSuffix(l, ".pdf") {
		_, err := os.Stat(arg)
		return err == nil
	}
	return false
}

// runWeb fetches one page (or reads a local HTML/PDF file), finds its main
// text, title and date with the crawler's code, and extracts from the text.
func (o *extractOptions) runWeb(ctx context.Context, ex *extract.Extractor, published time.Time) error {
	f, err := crawler.NewFetcher(
		crawler.WithDateParser(extract.FirstDate),
		crawler.WithLogger(o.global.logger(o.io.Err)),
	)
	if err != nil {
		return err
	}
	doc, err := f.Fetch(ctx, o.arg)
	var w *webResult
	switch {
	case err == nil:
		w = extractDocument(ex, doc, published)
		if w.Result.Err != nil {
			return w.Result.Err
		}
	case errors.Is(err, page.ErrNotJapanese) && doc != nil && doc.Text != "":
		w = otherLanguageDocument(doc, published)
	default:
		return err
	}
	if o.explain {
		return writeExplain(o.io.Out, w.Result, w)
	}
	if o.format == "text" {
		return writeSummary(o.io.Out, w.Result, w)
	}
	return writeJSON(o.io.Out, w)
}

// webResult is the output of `kohyo extract URL`: the document fields, then
// the extraction.
type webResult struct {
	URL           string   `json:"url"`
	FinalURL      string   `json:"final_url"`
	Status        int      `json:"status"`
	ContentType   string   `json:"content_type"`
	Charset       string   `json:"charset"`
	Title         string   `json:"title"`
	Language      string   `json:"language,omitempty"`     // ja, or the page's other language
	JapaneseURL   string   `json:"japanese_url,omitempty"` // the Japanese version a page in another language names
	Kind          string   `json:"kind,omitempty"`
	Publisher     string   `json:"publisher,omitempty"`
	PublisherFrom string   `json:"publisher_source,omitempty"`
	VictimSource  string   `json:"victim_source,omitempty"`
	Warnings      []string `json:"warnings,omitempty"`
	BodyTruncated bool     `json:"body_truncated,omitempty"`
	*extract.Result
	Text string `json:"text"`
}

// extractDocument extracts from a fetched document. The publication date is
// the caller's when given, else the page's (metadata, a date by the title,
// the URL, Last-Modified), else what the extractor finds in the text.
func extractDocument(ex *extract.Extractor, doc *page.Document, published time.Time) *webResult {
	in := extract.Input{Text: doc.Text, Published: published}
	source := ""
	if published.IsZero() && !doc.Published.IsZero() {
		in.Published, source = doc.Published, doc.PublishedSource
	}
	res := ex.Extract(in)
	if source != "" {
		res.PublishedSource = source
	}
	w := &webResult{
		URL: doc.URL, FinalURL: doc.FinalURL, Status: doc.Status, ContentType: doc.ContentType,
		Charset: doc.Charset, Title: doc.Title, Language: doc.Language, Kind: doc.Kind, Publisher: doc.Publisher,
		PublisherFrom: doc.PublisherSource, Warnings: doc.Warnings, BodyTruncated: doc.Truncated,
		Result: res, Text: doc.Text,
	}
	if doc.Kind == page.KindListing {
		// As in the corpus: a listing tells of many events, none of its own.
		w.Result = &extract.Result{Published: res.Published, PublishedSource: res.PublishedSource,
			Dates: []extract.Date{}, Counts: []extract.Count{}, Attackers: []extract.Attacker{},
			Categories: []extract.Category{}, IncidentTypes: []string{}, IncidentCues: []extract.Evidence{}}
		w.Warnings = append(w.Warnings, "a listing page: its links' facts are not its own, none extracted")
		return w
	}
	if len(res.IncidentTypes) > 0 {
		found := ""
		if res.Victim != nil {
			found = *res.Victim
		}
		v, src := incident.ResolveVictim(doc.Title, doc.Text, found, doc.Publisher)
		if v != found {
			res.Victim, res.VictimSpan = nil, nil
			if v != "" {
				res.Victim = &v
			}
		}
		w.VictimSource = src
	}
	return w
}

// otherLanguageDocument is the output for a page that is not in Japanese:
// its document fields, its language and Japanese version, the page's date,
// empty facts (the rules read Japanese only) and a warning saying so.
func otherLanguageDocument(doc *page.Document, published time.Time) *webResult {
	res := noFacts(doc, published)
	res.ID = ""
	warn := fmt.Sprintf("document is not in Japanese (language %s): facts are not extracted", doc.Language)
	if doc.JapaneseURL != "" {
		warn += "; its Japanese version is " + doc.JapaneseURL
	}
	return &webResult{
		URL: doc.URL, FinalURL: doc.FinalURL, Status: doc.Status, ContentType: doc.ContentType,
		Charset: doc.Charset, Title: doc.Title, Language: doc.Language, JapaneseURL: doc.JapaneseURL,
		Kind: doc.Kind, Publisher: doc.Publisher, PublisherFrom: doc.PublisherSource,
		Warnings: append(append([]string(nil), doc.Warnings...), warn), BodyTruncated: doc.Truncated,
		Result: res, Text: doc.Text,
	}
}

// noFacts is the extraction result of a document in another language: the
// publication date (the caller's, else the page's) and no facts, since the
// rules read Japanese only.
func noFacts(doc *page.Document, published time.Time) *extract.Result {
	res := &extract.Result{ID: doc.URL, Dates: []extract.Date{}, Counts: []extract.Count{}, Attackers: []extract.Attacker{},
		Categories: []extract.Category{}, IncidentTypes: []string{}, IncidentCues: []extract.Evidence{}}
	switch {
	case !published.IsZero():
		res.Published, res.PublishedSource = published.Format("2006-01-02"), extract.PublishedGiven
	case !doc.Published.IsZero():
		res.Published, res.PublishedSource = doc.Published.Format("2006-01-02"), doc.PublishedSource
	}
	return res
}

// otherLanguage reports whether doc is in a language other than Japanese.
func otherLanguage(doc *page.Document) bool { return doc.Language != "" && doc.Language != "ja" }
