// Package web owns kohyo's browser view of a corpus: the read-only HTTP
// server behind `kohyo serve` (incidents, one incident's timeline, a
// document with every extracted mention highlighted in place, search,
// charts, and the same data as JSON) and the self-contained HTML file of
// `kohyo report`.
//
// It reads the corpus through a small data-access layer (store.go) that
// works on both corpus layouts: consolidated incidents (tables incidents
// and incident_documents) when the file has them, else one incident per
// document with an incident type. Pages are html/template with embedded
// assets and server-rendered SVG charts: no script, no CDN, nothing
// fetched from elsewhere.
package web
