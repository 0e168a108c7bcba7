package extract

// extractCounts finds record counts (contract §3). Stub.
func extractCounts(d *document) []Count { return nil }
