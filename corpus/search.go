package corpus

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Full-text search. FTS5's trigram tokenizer cannot find words shorter
// than three characters, and Japanese has many (氏名, 住所, 学歴, 件); a
// unigram phrase finds them but is slow for long queries on a big corpus.
// Two FTS5 tables therefore index each document:
//
//   - search.title, search.body: the segmenter's words joined by spaces
//     (by default runs of one script: kanji, kana, Latin), tokenised by
//     unicode61, so a query segmented the same way is a phrase of whole
//     words (ranked with bm25, title weighted up);
//   - search.chars: the NFKC text with every CJK character as its own
//     token and other scripts as words: one- and two-character substrings;
//   - search_trigram.title, search_trigram.body: the NFKC text cut into
//     trigrams: substrings of three characters or more.
//
// A query is split at whitespace into terms that must all match (AND).
// Each term is text: FTS5 syntax in it (", *, AND, NEAR, parentheses,
// column:) is matched literally, never interpreted. SearchAuto tries words
// first and falls back to substrings when no document has them all (e.g.
// 名 inside 氏名, or ランサム inside ランサムウェア).

// SearchMode chooses how a query matches.
type SearchMode string

// Search modes.
const (
	SearchAuto      SearchMode = ""          // words, then substring if nothing matched
	SearchWords     SearchMode = "words"     // each term's words as a phrase
	SearchSubstring SearchMode = "substring" // each term as a substring
)

// SearchOptions tune Search.
type SearchOptions struct {
	Limit int        // hits to return; 0 means 20
	Mode  SearchMode // default SearchAuto
}

// Hit is one search result.
type Hit struct {
	DocID     int64      `json:"doc_id"`
	URL       string     `json:"url"`
	Title     string     `json:"title"`
	Published string     `json:"published"` // YYYY-MM-DD or ""
	Snippet   string     `json:"snippet"`   // from the original text, whitespace collapsed
	Match     [2]int     `json:"match"`     // code-point range of the match in Snippet; [0,0] when the match is only in the title
	Mode      SearchMode `json:"mode"`      // words or substring: how this hit matched
	Rank      float64    `json:"rank"`      // bm25; lower is better
}

// ErrEmptyQuery: the query has no word characters.
var ErrEmptyQuery = errors.New("search query has no words")

// Search finds documents whose title or text contains every term of query
// (terms are separated by whitespace).
func (db *DB) Search(ctx context.Context, query string, opt SearchOptions) ([]Hit, error) {
	limit := opt.Limit
	if limit <= 0 {
		limit = 20
	}
	terms := queryTerms(query)
	if len(terms) == 0 {
		return nil, fmt.Errorf("corpus: search %q: %w", query, ErrEmptyQuery)
	}
	if opt.Mode != SearchSubstring {
		if match, ok := db.wordsMatch(terms); ok {
			hits, err := db.search(ctx, "search", match, `bm25(search, 8.0, 1.0, 0.0)`, "", "", limit, SearchWords)
			if err != nil || opt.Mode == SearchWords || len(hits) > 0 {
				return snippets(hits, query, terms), err
			}
		} else if opt.Mode == SearchWords {
			return nil, nil
		}
	}
	// Substrings: long terms through the trigram table, short ones through
	// the chars column; both when the query has both.
	var long, short []string
	for _, t := range terms {
		if utf8.RuneCountInString(t) >= 3 {
			long = append(long, phrase(t))
		} else if c := charTokens(t); c != "" {
			short = append(short, `{chars} : `+phrase(c))
		}
	}
	var (
		hits []Hit
		err  error
	)
	switch {
	case len(long) > 0 && len(short) > 0:
		hits, err = db.search(ctx, "search_trigram", strings.Join(long, " AND "), `bm25(search_trigram, 8.0, 1.0)`,
			"search", strings.Join(short, " AND "), limit, SearchSubstring)
	case len(long) > 0:
		hits, err = db.search(ctx, "search_trigram", strings.Join(long, " AND "), `bm25(search_trigram, 8.0, 1.0)`,
			"", "", limit, SearchSubstring)
	case len(short) > 0:
		hits, err = db.search(ctx, "search", strings.Join(short, " AND "), `bm25(search, 0.0, 0.0, 1.0)`,
			"", "", limit, SearchSubstring)
	}
	return snippets(hits, query, terms), err
}

// wordsMatch is the FTS5 query of the words mode: each term's words as a
// phrase over title and body. ok is false when a term has no words.
func (db *DB) wordsMatch(terms []string) (match string, ok bool) {
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		words := db.queryWords(t)
		if len(words) == 0 {
			return "", false
		}
		parts = append(parts, `{title body} : `+phrase(strings.Join(words, " ")))
	}
	return strings.Join(parts, " AND "), true
}

// search runs match on table, and also match2 on table2 when given (the
// documents must match both), ranked by rank over table.
func (db *DB) search(ctx context.Context, table, match, rank, table2, match2 string, limit int, mode SearchMode) ([]Hit, error) {
	args := []any{match}
	also := ""
	if table2 != "" {
		also = ` AND d.id IN (SELECT rowid FROM ` + table2 + ` WHERE ` + table2 + ` MATCH ?)`
		args = append(args, match2)
	}
	args = append(args, limit)
	rows, err := db.read.QueryContext(ctx, `
		SELECT d.id, d.url, coalesce(d.title, ''), coalesce(d.published, ''), coalesce(d.text, ''), `+rank+` AS r
		FROM `+table+` JOIN documents AS d ON d.id = `+table+`.rowid
		WHERE `+table+` MATCH ?`+also+` ORDER BY r LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("corpus: search: %w", classify(err))
	}
	defer rows.Close()
	var hits []Hit
	for rows.Next() {
		h := Hit{Mode: mode}
		if err := rows.Scan(&h.DocID, &h.URL, &h.Title, &h.Published, &h.Snippet, &h.Rank); err != nil {
			return nil, fmt.Errorf("corpus: search: %w", err)
		}
		hits = append(hits, h) // Snippet holds the full text until snippets()
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("corpus: search: %w", classify(err))
	}
	return hits, nil
}

// queryTerms splits an NFKC-normalised query at whitespace and trims each
// term of the punctuation and symbols around it (quotes, brackets, *, -),
// which are the user's syntax, not text to find; terms without a letter or
// digit are dropped. Punctuation inside a term stays part of it.
func queryTerms(q string) []string {
	var out []string
	for _, f := range strings.Fields(norm.NFKC.String(q)) {
		f = strings.TrimFunc(f, func(r rune) bool { return !isWordRune(r) })
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

// phrase quotes s as an FTS5 string (a phrase query).
func phrase(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// queryWords segments the query and drops tokens without a letter or digit,
// which unicode61 would drop anyway.
func (db *DB) queryWords(q string) []string {
	var out []string
	for _, w := range db.segment(norm.NFKC.String(q)) {
		if strings.IndexFunc(w, isWordRune) >= 0 {
			out = append(out, w)
		}
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// isCJK reports runes indexed one by one in the chars column.
func isCJK(r rune) bool {
	switch {
	case r < 0x1100: // Latin, Greek, Cyrillic...: before the first Hangul jamo
		return false
	case r >= 0x3041 && r <= 0x3096, r >= 0x30A1 && r <= 0x30FA, r >= 0x4E00 && r <= 0x9FFF:
		return true // the common kana and kanji, without the tables
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		r == 'ー' || r == '々' || r == '〆' || r == 'ヶ'
}

// wide reports CJK characters and the CJK and full-width punctuation
// that Japanese text writes without spaces around it.
func wide(r rune) bool {
	return isCJK(r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

// charTokens returns the chars-column form of s: NFKC, each CJK rune a
// token, runs of other letters and digits a token, all else separators.
func charTokens(s string) string { return nfkcCharTokens(norm.NFKC.String(s)) }

// nfkcCharTokens is charTokens of a text already in NFKC.
func nfkcCharTokens(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	inWord := false
	sep := func() {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
	}
	for _, r := range s {
		switch {
		case isCJK(r):
			sep()
			b.WriteRune(r)
			inWord = false
		case isWordRune(r):
			if !inWord {
				sep()
			}
			b.WriteRune(r)
			inWord = true
		default:
			inWord = false
		}
	}
	return b.String()
}

// ScriptSegmenter is the default Segmenter: it splits NFKC text into runs
// of one script (kanji, hiragana, katakana, other letters and digits).
// It knows no words; pass a kagome-based segmenter for word search.
func ScriptSegmenter(s string) []string {
	s = norm.NFKC.String(s)
	class := func(r rune) int {
		switch {
		case unicode.Is(unicode.Han, r) || r == '々' || r == '〆':
			return 1
		case unicode.Is(unicode.Hiragana, r):
			return 2
		case unicode.Is(unicode.Katakana, r) || r == 'ー':
			return 3
		case unicode.Is(unicode.Hangul, r):
			return 4
		case isWordRune(r):
			return 5
		}
		return 0
	}
	var out []string
	start, prev := -1, 0
	for i, r := range s {
		c := class(r)
		if c != prev && start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		if c != 0 && start < 0 {
			start = i
		}
		prev = c
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

type indexEntry struct{ title, body, chars, triTitle, triBody string }

// indexEntry prepares a document's search columns (outside any lock).
// words, when not nil, is text already segmented.
func (db *DB) indexEntry(title, text string, words []string) indexEntry {
	if words == nil {
		words = db.segment(text)
	}
	// NFKC once for the character and trigram columns (a line break
	// between title and text keeps their forms apart).
	nTitle, nText := norm.NFKC.String(title), norm.NFKC.String(text)
	return indexEntry{
		title:    strings.Join(db.segment(title), " "),
		body:     strings.Join(words, " "),
		chars:    nfkcCharTokens(nTitle + "\n" + nText),
		triTitle: trigramForm(nTitle),
		triBody:  trigramForm(nText),
	}
}

// trigramForm is s (already NFKC) as the trigram table holds it: runs of
// whitespace become one space, and none at all next to a Japanese
// character or punctuation mark (a line break inside a Japanese sentence
// is not a gap in it; Japanese puts no spaces between words).
func trigramForm(s string) string {
	if strings.IndexFunc(s, unicode.IsSpace) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	var prev rune // last rune written
	pending := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			pending = b.Len() > 0
			continue
		}
		if pending && !wide(prev) && !wide(r) {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// indexed is one document's search rows to write: its id, its columns,
// and whether the row is new (so there is nothing to delete first).
type indexed struct {
	id    int64
	entry indexEntry
	fresh bool
}

// writeIndex (re)indexes documents, as the last writes of a transaction
// and in one statement per table. FTS5 keeps what a transaction inserts
// in memory and writes it out as a new index segment whenever a later
// statement of the transaction opens a savepoint (a multi-row insert, a
// foreign-key check): written page by page between other rows, every
// document became a segment of its own and the segments were merged
// again and again. Written last, a batch of pages makes one segment per
// table.
func writeIndex(ctx context.Context, tx *sql.Tx, docs []indexed) error {
	// A page stored twice in one batch is indexed once, as it was last;
	// it had index rows to delete only if its first version did.
	seen := make(map[int64]int, len(docs))
	uniq := docs[:0:0]
	for _, d := range docs {
		if i, ok := seen[d.id]; ok {
			uniq[i].entry = d.entry
			continue
		}
		seen[d.id] = len(uniq)
		uniq = append(uniq, d)
	}
	docs = uniq
	var stale []any
	for _, d := range docs {
		if !d.fresh {
			stale = append(stale, d.id)
		}
	}
	// Each statement stays well under SQLite's 32766-variable limit.
	const rowsPerStatement = 500
	for lo := 0; lo < len(stale); lo += rowsPerStatement {
		ids := stale[lo:min(lo+rowsPerStatement, len(stale))]
		in := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
		for _, table := range []string{"search", "search_trigram"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE rowid IN (`+in+`)`, ids...); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
	}
	for _, t := range []struct {
		table, cols, ph string
		row             func(indexed) []any
	}{
		{"search", "rowid, title, body, chars", "(?,?,?,?)", func(d indexed) []any {
			return []any{d.id, d.entry.title, d.entry.body, d.entry.chars}
		}},
		{"search_trigram", "rowid, title, body", "(?,?,?)", func(d indexed) []any {
			return []any{d.id, d.entry.triTitle, d.entry.triBody}
		}},
	} {
		for lo := 0; lo < len(docs); lo += rowsPerStatement {
			part := docs[lo:min(lo+rowsPerStatement, len(docs))]
			args := make([]any, 0, 4*len(part))
			for _, d := range part {
				args = append(args, t.row(d)...)
			}
			q := `INSERT INTO ` + t.table + ` (` + t.cols + `) VALUES ` +
				strings.TrimSuffix(strings.Repeat(t.ph+",", len(part)), ",")
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("search index: %w", err)
			}
		}
	}
	return nil
}

// Reindex rebuilds the search index of every document with the DB's
// segmenter: run it after the segmenter's dictionary changes. It returns
// the number of documents indexed.
func (db *DB) Reindex(ctx context.Context) (int, error) {
	type doc struct {
		id          int64
		title, text string
	}
	var (
		last int64
		n    int
	)
	for {
		rows, err := db.read.QueryContext(ctx, `SELECT id, coalesce(title, ''), text FROM documents
			WHERE id > ? AND text IS NOT NULL ORDER BY id LIMIT 64`, last)
		if err != nil {
			return n, fmt.Errorf("corpus: reindex: %w", classify(err))
		}
		var docs []doc
		for rows.Next() {
			var d doc
			if err := rows.Scan(&d.id, &d.title, &d.text); err != nil {
				rows.Close()
				return n, fmt.Errorf("corpus: reindex: %w", err)
			}
			docs = append(docs, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return n, fmt.Errorf("corpus: reindex: %w", classify(err))
		}
		if len(docs) == 0 {
			return n, nil
		}
		entries := make([]indexEntry, len(docs))
		for i, d := range docs {
			entries[i] = db.indexEntry(d.title, d.text, nil)
		}
		batch := make([]indexed, len(docs))
		for i, d := range docs {
			batch[i] = indexed{id: d.id, entry: entries[i]}
		}
		err = db.update(ctx, func(tx *sql.Tx) error { return writeIndex(ctx, tx, batch) })
		if err != nil {
			return n, fmt.Errorf("corpus: reindex: %w", err)
		}
		n += len(docs)
		last = docs[len(docs)-1].id
	}
}

// snippets replaces each hit's full text by a window around the first
// match of the query (or of one of its terms) in the original text.
func snippets(hits []Hit, query string, words []string) []Hit {
	for i := range hits {
		hits[i].Snippet, hits[i].Match = snippet(hits[i].Snippet, query, words)
	}
	return hits
}

const (
	snippetBefore = 30
	snippetLen    = 110
)

// snippet cuts a window of text around the first match of query (or, when
// the query as a whole is not in the text, of its first word that is).
// Matching is over NFKC, lower-cased text without whitespace, mapped back
// to positions in the original.
func snippet(text, query string, words []string) (string, [2]int) {
	orig := []rune(text)
	folded, pos := fold(orig)
	start, end := -1, -1
	cands := append([]string{query}, words...)
	for _, c := range cands {
		q, _ := fold([]rune(c))
		if len(q) == 0 {
			continue
		}
		if i := indexRunes(folded, q); i >= 0 {
			start, end = pos[i], pos[i+len(q)-1]+1
			break
		}
	}
	lo := 0
	if start >= 0 {
		lo = max(0, start-snippetBefore)
	}
	hi := min(len(orig), lo+snippetLen)
	if start >= 0 && end > hi {
		hi = min(len(orig), end+10)
	}
	// Collapse whitespace, tracking the match.
	var out []rune
	var m [2]int
	if lo > 0 {
		out = append(out, '…')
	}
	space := false
	for i := lo; i < hi; i++ {
		if i == start {
			m[0] = len(out)
		}
		r := orig[i]
		if unicode.IsSpace(r) {
			if !space && len(out) > 0 {
				out = append(out, ' ')
			}
			space = true
		} else {
			out = append(out, r)
			space = false
		}
		if i == end-1 {
			m[1] = len(out)
		}
	}
	if hi < len(orig) {
		out = append(out, '…')
	}
	if start < 0 {
		m = [2]int{}
	}
	return string(out), m
}

// fold normalises runes one by one (NFKC, lower case) and drops
// whitespace, returning for each folded rune its index in rs.
func fold(rs []rune) ([]rune, []int) {
	out := make([]rune, 0, len(rs))
	pos := make([]int, 0, len(rs))
	for i, r := range rs {
		if unicode.IsSpace(r) {
			continue
		}
		if r < 0x80 {
			out = append(out, unicode.ToLower(r))
			pos = append(pos, i)
			continue
		}
		for _, f := range strings.ToLower(norm.NFKC.String(string(r))) {
			if unicode.IsSpace(f) {
				continue
			}
			out = append(out, f)
			pos = append(pos, i)
		}
	}
	return out, pos
}

func indexRunes(s, sub []rune) int {
	if len(sub) == 0 || len(sub) > len(s) {
		return -1
	}
outer:
	for i := 0; i+len(sub) <= len(s); i++ {
		for j := range sub {
			if s[i+j] != sub[j] {
				continue outer
			}
		}
		return i
	}
	return -1
}
