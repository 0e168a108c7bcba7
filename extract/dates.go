package extract

import "time"

// extractDates finds every calendar date (contract §2). Stub: filled in by the dates work.
func extractDates(d *document) []Date { return nil }

// documentDate finds the document's own date line (a date near the top).
func documentDate(n *normText, now time.Time) (time.Time, bool) { return time.Time{}, false }
