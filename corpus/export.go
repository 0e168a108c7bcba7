package corpus

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// Format is an export format.
type Format string

// Export formats.
const (
	CSV     Format = "csv"
	JSONL   Format = "jsonl"
	Parquet Format = "parquet"
)

// ParseFormat checks an export format name.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case CSV, JSONL, Parquet:
		return f, nil
	}
	return "", fmt.Errorf("unknown export format %q (want csv, jsonl or parquet)", s)
}

type kind int

const (
	kText kind = iota
	kInt
	kBool
)

type column struct {
	name string
	kind kind
}

func cols(spec string) []column {
	var out []column
	for _, f := range strings.Fields(spec) {
		name, k, _ := strings.Cut(f, ":")
		c := column{name: name}
		switch k {
		case "i":
			c.kind = kInt
		case "b":
			c.kind = kBool
		}
		out = append(out, c)
	}
	return out
}

// exportable lists every table and view Export knows, with its columns in
// order and their types (default text; :i integer, :b boolean).
var exportable = map[string]struct {
	cols  []column
	order string
}{
	"incidents": {cols(`id:i victim victim_key publisher types attackers categories detected first_published
		last_published max_count:i latest_count:i documents:i reports:i news:i updated_at`), "id"},
	"incident_documents":      {cols("incident_id:i doc_id:i role"), "incident_id, doc_id"},
	"incident_attackers":      {cols("incident_id:i name first_named claimed:b confirmed:b"), "incident_id, name"},
	"incident_counts":         {cols("incident_id:i doc_id:i published value:i qualifier text"), "incident_id, published, doc_id"},
	"incident_documents_view": {cols("doc_id:i url title published victim types max_count:i attackers categories first_date earliest_date"), "doc_id"},
	"sites":                   {cols("host name name_source updated_at"), "host"},
	"documents": {cols(`id:i url final_url site fetched_at checked_at changed_at status:i content_type charset etag
		last_modified sha256 title published published_source victim victim_start:i victim_end:i victim_source
		publisher publisher_source kind text truncated:b warnings extracted_at error warc_file warc_offset:i
		language japanese_url`), "id"},
	"document_versions": {cols(`id:i doc_id:i fetched_at replaced_at status:i content_type charset etag last_modified
		sha256 title published text warc_file warc_offset:i`), "id"},
	"dates":          {cols("doc_id:i seq:i value precision text start:i end:i"), "doc_id, seq"},
	"counts":         {cols("doc_id:i seq:i value:i counter qualifier text start:i end:i"), "doc_id, seq"},
	"attackers":      {cols("doc_id:i seq:i name known:b kind text start:i end:i"), "doc_id, seq"},
	"categories":     {cols("doc_id:i seq:i category text start:i end:i"), "doc_id, seq"},
	"incident_types": {cols("doc_id:i seq:i type text start:i end:i"), "doc_id, seq"},
	"frontier":       {cols("id:i url host seed depth:i state attempts:i error added_at updated_at"), "id"},
}

// ExportTables lists the names Export accepts.
func ExportTables() []string {
	var out []string
	for k := range exportable {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Export writes a table or the incidents view to w, streaming rows, and
// returns the number of rows written. NULL is an empty CSV field, JSON
// null and a Parquet null.
func (db *DB) Export(ctx context.Context, w io.Writer, table string, f Format) (int64, error) {
	spec, ok := exportable[table]
	if !ok {
		return 0, fmt.Errorf("corpus: export: unknown table %q (want one of %s)", table, strings.Join(ExportTables(), ", "))
	}
	if _, err := ParseFormat(string(f)); err != nil {
		return 0, fmt.Errorf("corpus: export: %w", err)
	}
	names := make([]string, len(spec.cols))
	for i, c := range spec.cols {
		names[i] = `"` + c.name + `"`
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+strings.Join(names, ", ")+` FROM `+table+` ORDER BY `+spec.order)
	if err != nil {
		return 0, fmt.Errorf("corpus: export %s: %w", table, classify(err))
	}
	defer rows.Close()

	var enc encoder
	switch f {
	case CSV:
		enc = newCSVEncoder(w, spec.cols)
	case JSONL:
		enc = newJSONLEncoder(w, spec.cols)
	case Parquet:
		enc, err = newParquetEncoder(w, spec.cols)
		if err != nil {
			return 0, fmt.Errorf("corpus: export %s: %w", table, err)
		}
	}
	vals := make([]any, len(spec.cols))
	ptrs := make([]any, len(spec.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("corpus: export %s: %w", table, err)
		}
		if err := enc.write(vals); err != nil {
			return n, fmt.Errorf("corpus: export %s: %w", table, err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("corpus: export %s: %w", table, classify(err))
	}
	if err := enc.close(); err != nil {
		return n, fmt.Errorf("corpus: export %s: %w", table, err)
	}
	return n, nil
}

type encoder interface {
	write(vals []any) error
	close() error
}

func asText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case float64:
		return int64(x), true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil
	case []byte:
		n, err := strconv.ParseInt(string(x), 10, 64)
		return n, err == nil
	}
	return 0, false
}

// typed converts a scanned SQLite value to the column's kind (nil stays nil).
func typed(v any, k kind) any {
	if v == nil {
		return nil
	}
	switch k {
	case kInt:
		if n, ok := asInt(v); ok {
			return n
		}
		return nil
	case kBool:
		if n, ok := asInt(v); ok {
			return n != 0
		}
		return nil
	}
	return asText(v)
}

type csvEncoder struct {
	w    *csv.Writer
	cols []column
	rec  []string
	head bool
}

func newCSVEncoder(w io.Writer, cs []column) *csvEncoder {
	return &csvEncoder{w: csv.NewWriter(w), cols: cs, rec: make([]string, len(cs))}
}

func (e *csvEncoder) write(vals []any) error {
	if !e.head {
		for i, c := range e.cols {
			e.rec[i] = c.name
		}
		if err := e.w.Write(e.rec); err != nil {
			return err
		}
		e.head = true
	}
	for i, v := range vals {
		if t := typed(v, e.cols[i].kind); t == nil {
			e.rec[i] = ""
		} else {
			e.rec[i] = asText(t)
		}
	}
	return e.w.Write(e.rec)
}

func (e *csvEncoder) close() error {
	if !e.head { // header even for an empty table (once: write would repeat it as a row)
		for i, c := range e.cols {
			e.rec[i] = c.name
		}
		if err := e.w.Write(e.rec); err != nil {
			return err
		}
		e.head = true
	}
	e.w.Flush()
	return e.w.Error()
}

type jsonlEncoder struct {
	w    *bufio.Writer
	cols []column
	keys [][]byte
	buf  []byte
}

func newJSONLEncoder(w io.Writer, cs []column) *jsonlEncoder {
	e := &jsonlEncoder{w: bufio.NewWriterSize(w, 64<<10), cols: cs}
	for _, c := range cs {
		k, _ := json.Marshal(c.name)
		e.keys = append(e.keys, k)
	}
	return e
}

func (e *jsonlEncoder) write(vals []any) error {
	b := append(e.buf[:0], '{')
	for i, v := range vals {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, e.keys[i]...)
		b = append(b, ':')
		j, err := json.Marshal(typed(v, e.cols[i].kind))
		if err != nil {
			return err
		}
		b = append(b, j...)
	}
	b = append(b, '}', '\n')
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

func (e *jsonlEncoder) close() error { return e.w.Flush() }

// parquetEncoder writes rows of a schema built from the column list (a
// struct type made with reflect keeps the columns in order; a parquet.Group
// would sort them by name). Every column is optional.
type parquetEncoder struct {
	w     *parquet.Writer
	cols  []column
	batch []parquet.Row
}

const parquetBatch = 256

func newParquetEncoder(w io.Writer, cs []column) (*parquetEncoder, error) {
	fields := make([]reflect.StructField, len(cs))
	for i, c := range cs {
		var t reflect.Type
		switch c.kind {
		case kInt:
			t = reflect.TypeFor[*int64]()
		case kBool:
			t = reflect.TypeFor[*bool]()
		default:
			t = reflect.TypeFor[*string]()
		}
		fields[i] = reflect.StructField{
			Name: fmt.Sprintf("F%d", i),
			Type: t,
			Tag:  reflect.StructTag(fmt.Sprintf(`parquet:"%s,optional"`, c.name)),
		}
	}
	schema := parquet.SchemaOf(reflect.New(reflect.StructOf(fields)).Elem().Interface())
	if got := len(schema.Columns()); got != len(cs) {
		return nil, fmt.Errorf("parquet schema has %d columns, want %d", got, len(cs))
	}
	// zstd: pandas/pyarrow, DuckDB, Spark and polars all read it, and on
	// Japanese text it makes the documents table about 20× smaller.
	pw := parquet.NewWriter(w, schema, parquet.MaxRowsPerRowGroup(16384), parquet.Compression(&parquet.Zstd))
	return &parquetEncoder{w: pw, cols: cs, batch: make([]parquet.Row, 0, parquetBatch)}, nil
}

func (e *parquetEncoder) write(vals []any) error {
	row := make(parquet.Row, len(vals))
	for i, v := range vals {
		var pv parquet.Value
		switch t := typed(v, e.cols[i].kind).(type) {
		case nil:
			row[i] = parquet.NullValue().Level(0, 0, i)
			continue
		case int64:
			pv = parquet.Int64Value(t)
		case bool:
			pv = parquet.BooleanValue(t)
		case string:
			pv = parquet.ByteArrayValue([]byte(t))
		}
		row[i] = pv.Level(0, 1, i)
	}
	e.batch = append(e.batch, row)
	if len(e.batch) == cap(e.batch) {
		return e.flush()
	}
	return nil
}

func (e *parquetEncoder) flush() error {
	if len(e.batch) == 0 {
		return nil
	}
	_, err := e.w.WriteRows(e.batch)
	e.batch = e.batch[:0]
	return err
}

func (e *parquetEncoder) close() error {
	if err := e.flush(); err != nil {
		return err
	}
	return e.w.Close()
}
