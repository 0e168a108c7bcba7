// Package incident owns the step from documents to incidents: deciding
// who a document's victim is when the text names its issuer only as 当社
// or 本市 (the page's publisher), and consolidating documents into
// incidents — one per real event, however many reports (第1報, 第2報,
// 最終報) and news articles tell of it — with a timeline, the union of
// their facts and the revisions of the record count.
//
// It is a package of its own, not part of corpus, because the grouping is
// domain logic that needs no storage: it takes plain Doc values and
// returns Incident values, so each grouping rule is tested without a
// database, and corpus only loads its input and stores its output
// (corpus.Consolidate). It imports dict (legal forms, self-references,
// news and claim words: the project's one list of each) and nothing of
// the crawler or the extractor.
//
// The order of the work is written down in Consolidate.
package incident
