// Package page turns one HTTP answer (or a local file) into a Document, as
// a person reads it: the content type, the charset decoded (Shift_JIS,
// EUC-JP, ISO-2022-JP, UTF-8), the main text without navigation, the
// title, the publication date, the links and the role of each (next page,
// feed, canonical), and an *Error of a stable kind when it cannot. It does
// no I/O: package crawler fetches, this package reads what was fetched.
package page

import "time"

// Document is one fetched page (HTML, PDF or plain text) as a person reads it.
type Document struct {
	URL             string    `json:"url"`       // the URL asked for
	FinalURL        string    `json:"final_url"` // after redirects
	Status          int       `json:"status"`
	ContentType     string    `json:"content_type"` // media type, without parameters
	Charset         string    `json:"charset"`      // the charset the body was decoded with
	Title           string    `json:"title"`
	Published       time.Time `json:"-"`                // zero when unknown
	PublishedSource string    `json:"published_source"` // meta, jsonld, time, page, url, last_modified, or ""
	Text            string    `json:"text"`             // main text, paragraphs separated by blank lines
	ETag            string    `json:"etag,omitempty"`
	LastModified    string    `json:"last_modified,omitempty"`
	SHA256          string    `json:"sha256"` // hex digest of the raw body
	FetchedAt       time.Time `json:"fetched_at"`
	Truncated       bool      `json:"truncated,omitempty"` // body was cut at the size cap
	Links           []Link    `json:"-"`                   // absolute links found on the page (HTML only), at most MaxLinks
	Warnings        []string  `json:"warnings,omitempty"`  // e.g. "pdf has no extractable text"
	// Kind is article, listing, pdf or other (KindArticle, ...).
	Kind string `json:"kind,omitempty"`
	// Publisher is who publishes the page (og:site_name, JSON-LD, the
	// <title>'s suffix, the footer's copyright; see PublisherRank), ""
	// when the page does not say; PublisherSource says where it was found.
	Publisher       string `json:"publisher,omitempty"`
	PublisherSource string `json:"publisher_source,omitempty"`
	// Language is "ja" for a Japanese document; for another it is the
	// page's declared language or what its text reads as (ISO 639-1,
	// "und" when unknown). Parse fails such a document with
	// KindNotJapanese, and fills it all the same.
	Language string `json:"language,omitempty"`
	// JapaneseURL is the Japanese version that a page in another
	// language names (hreflang="ja", a 日本語 switcher link).
	JapaneseURL string `json:"japanese_url,omitempty"`
	// LoadsByScript says an HTML page fills its list by script (a loader
	// script, an empty or "loading" list box): a browser would show
	// items that the HTML does not hold. Links with Data name its data files.
	LoadsByScript bool `json:"-"`
	// WARCFile and WARCOffset locate the archived response (a WARC file
	// name in the crawl's archive directory and the record's offset), when
	// the crawl keeps an archive.
	WARCFile   string `json:"warc_file,omitempty"`
	WARCOffset int64  `json:"warc_offset,omitempty"`
}

// DateParser reads a publication date from a short piece of page text
// (a date line, a <time> element). The crawler does not know Japanese date
// rules itself; cmd/kohyo passes extract.FirstDate.
type DateParser func(s string) (time.Time, bool)
