package extract

import "time"

// extractDates finds every calendar date (contract §2). Stub: filled in by the dates work.
func extractDates(d *document) []Date { return nil }

// documentDate finds the document's own date line (a date near the top).
func documentDate(n *normText, now time.Time) (time.Time, bool) { return time.Time{}, false }

// FirstDate returns the first absolute, day-precision date written in s
// (2023年10月25日, 令和5年10月25日, 2023/10/25 ...). The crawler uses it for
// page dates. Stub.
func FirstDate(s string) (time.Time, bool) { return time.Time{}, false }
