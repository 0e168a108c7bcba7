package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/kohyo-dev/kohyo/extract"
)

// maxLineBytes bounds one JSON line of --jsonl input.
const maxLineBytes = 64 << 20

// batchInput is one line of the batch interface (contract §8).
type batchInput struct {
	ID        json.RawMessage `json:"id"`
	Text      *string         `json:"text"`
	Published string          `json:"published"`
}

// batchItem is a parsed input line or the reason it could not be parsed.
type batchItem struct {
	seq   int
	id    string          // the id as text (extract.Input.ID, the scorer's key)
	rawID json.RawMessage // the id as given (a number stays a number); nil: none given
	input extract.Input
	err   error
	gold  json.RawMessage // the "gold" member, kept for kohyo eval
}

// outputID is the id of an output line: the input's id as given, or
// "line-N" (N the input's line number) when it gave none.
func (it batchItem) outputID() json.RawMessage {
	if it.rawID != nil {
		return it.rawID
	}
	b, _ := json.Marshal(it.id)
	return b
}

// batchOutput is one extraction (or error) in input order.
type batchOutput struct {
	item batchItem
	res  *extract.Result
	line []byte // the output line, when runBatch was given an encoder
}

// rawLine is one input line on its way to a worker.
type rawLine struct {
	seq     int // order among the non-blank lines
	lineNo  int // 1-based line number in the input, blank lines counted
	line    []byte
	tooLong bool
}

// idString renders a JSON id as the scorer reads it: strings as they are,
// numbers and other values as their JSON text.
func idString(raw json.RawMessage) string {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	return strings.TrimSpace(string(raw))
}

// parseBatchLine parses one JSON line (line number lineNo) into an
// extraction input. The id is read first, on its own, so that an error
// line keeps the id of an object whose other members are wrong.
func parseBatchLine(seq, lineNo int, line []byte) batchItem {
	it := batchItem{seq: seq, id: fmt.Sprintf("line-%d", lineNo)}
	var members map[string]json.RawMessage
	if err := json.Unmarshal(line, &members); err != nil {
		it.err = fmt.Errorf("line %d: not a JSON object: %v", lineNo, err)
		return it
	}
	if raw := bytes.TrimSpace(members["id"]); len(raw) > 0 && string(raw) != "null" {
		it.id, it.rawID = idString(raw), raw
	}
	it.gold = members["gold"]
	var in batchInput
	if err := json.Unmarshal(line, &in); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			err = fmt.Errorf("member %q is a JSON %s, want a %s", te.Field, te.Value, te.Type)
		}
		it.err = fmt.Errorf("line %d: %v", lineNo, err)
		return it
	}
	if in.Text == nil {
		it.err = fmt.Errorf("line %d: no \"text\" member", lineNo)
		return it
	}
	it.input = extract.Input{ID: it.id, Text: *in.Text}
	if in.Published != "" {
		t, err := extract.ParseDate(in.Published)
		if err != nil {
			it.err = fmt.Errorf("line %d: %v", lineNo, err)
			return it
		}
		it.input.Published = t
	}
	return it
}

// runBatch reads JSON lines from r, extracts with `workers` goroutines and
// calls emit for every line in input order. Blank lines are skipped.
// Parsing, extraction and encode (when not nil) run in the workers, so that
// only reading and writing are serial.
func runBatch(ctx context.Context, ex *extract.Extractor, r io.Reader, workers int, encode func(*batchOutput) error, emit func(batchOutput) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan rawLine, workers*2)
	results := make(chan batchOutput, workers*2)
	// inflight bounds how far the readers may run ahead of the writer.
	inflight := make(chan struct{}, workers*8)

	var readErr error
	go func() {
		defer close(jobs)
		br := bufio.NewReaderSize(r, 1<<20)
		for seq, lineNo := 0, 0; ; {
			line, err := readLine(br)
			lineNo++
			if len(bytes.TrimSpace(line)) > 0 || errors.Is(err, errLineTooLong) {
				select {
				case inflight <- struct{}{}:
				case <-ctx.Done():
					return
				}
				it := rawLine{seq: seq, lineNo: lineNo, line: line, tooLong: errors.Is(err, errLineTooLong)}
				seq++
				select {
				case jobs <- it:
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				if !errors.Is(err, io.EOF) && !errors.Is(err, errLineTooLong) {
					readErr = err
					return
				}
				if errors.Is(err, io.EOF) {
					return
				}
			}
		}
	}()

	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for raw := range jobs {
				var it batchItem
				if raw.tooLong {
					it = batchItem{seq: raw.seq, id: fmt.Sprintf("line-%d", raw.lineNo), err: fmt.Errorf("line %d: longer than %d bytes", raw.lineNo, maxLineBytes)}
				} else {
					it = parseBatchLine(raw.seq, raw.lineNo, raw.line)
				}
				out := batchOutput{item: it}
				if it.err == nil {
					out.res = ex.Extract(it.input)
					if err := out.res.Err; err != nil { // no tokenizer: an error line, not a partial result
						out.item.err, out.res = err, nil
					}
				}
				if encode != nil {
					if err := encode(&out); err != nil {
						out.item.err = err
					}
				}
				select {
				case results <- out:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	pending := map[int]batchOutput{}
	next := 0
	for out := range results {
		pending[out.item.seq] = out
		for {
			o, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-inflight
			if err := emit(o); err != nil {
				cancel()
				return err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if readErr != nil {
		return fmt.Errorf("read input: %w", readErr)
	}
	return nil
}

var errLineTooLong = errors.New("line too long")

// readLine reads one line without its newline. A line longer than
// maxLineBytes is skipped to its end and reported as errLineTooLong.
func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		chunk, isPrefix, err := br.ReadLine()
		if len(buf)+len(chunk) > maxLineBytes {
			for isPrefix && err == nil {
				_, isPrefix, err = br.ReadLine()
			}
			if err != nil && !errors.Is(err, io.EOF) {
				return nil, err
			}
			return nil, errLineTooLong
		}
		buf = append(buf, chunk...)
		if err != nil {
			if len(buf) > 0 && errors.Is(err, io.EOF) {
				return buf, nil
			}
			return buf, err
		}
		if !isPrefix {
			return buf, nil
		}
	}
}

// runJSONL is `kohyo extract --jsonl`.
func (o *extractOptions) runJSONL(ctx context.Context, ex *extract.Extractor) error {
	bw := bufio.NewWriterSize(o.io.Out, 1<<16)
	bar := newProgress(o.io, "extracting")
	failed := 0
	var tokErr error // the tokenizer could not be built for a document that needed it
	encode := func(out *batchOutput) error {
		var v any = resultLine{ID: out.item.outputID(), Result: out.res}
		if out.item.err != nil {
			v = errorLine{ID: out.item.outputID(), Error: out.item.err.Error()}
		}
		var buf bytes.Buffer
		if o.explain && out.item.err == nil {
			err := writeExplain(&buf, out.res, nil)
			buf.WriteByte('\n')
			out.line = buf.Bytes()
			return err
		}
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		err := enc.Encode(v)
		out.line = buf.Bytes()
		return err
	}
	err := runBatch(ctx, ex, o.io.In, o.workers, encode, func(out batchOutput) error {
		bar.Add(1)
		if out.item.err != nil {
			failed++
			if errors.Is(out.item.err, extract.ErrTokenizer) && tokErr == nil {
				tokErr = out.item.err
			}
		}
		_, err := bw.Write(out.line)
		return err
	})
	bar.Finish()
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("write output: %w", ferr)
	}
	if err != nil {
		return err
	}
	if tokErr != nil {
		return fmt.Errorf("%d input lines have an error line; the first tokenizer error: %w", failed, tokErr)
	}
	if failed > 0 {
		return fmt.Errorf("%d input lines could not be read; see their error lines on stdout", failed)
	}
	return nil
}

// resultLine is a result line of --jsonl: the extraction, its id as the
// input gave it (a number stays a number).
type resultLine struct {
	ID json.RawMessage `json:"id"`
	*extract.Result
}

// errorLine is the line of an input line that could not be read.
type errorLine struct {
	ID    json.RawMessage `json:"id"`
	Error string          `json:"error"`
}
