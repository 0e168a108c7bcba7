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
	id    string
	input extract.Input
	err   error
	gold  json.RawMessage // the "gold" member, kept for kohyo eval
}

// batchOutput is one extraction (or error) in input order.
type batchOutput struct {
	item batchItem
	res  *extract.Result
	line []byte // the output line, when runBatch was given an encoder
}

// rawLine is one input line on its way to a worker.
type rawLine struct {
	seq     int
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

// parseBatchLine parses one JSON line into an extraction input.
func parseBatchLine(seq int, line []byte) batchItem {
	it := batchItem{seq: seq, id: fmt.Sprintf("line-%d", seq+1)}
	var in struct {
		batchInput
		Gold json.RawMessage `json:"gold"`
	}
	if err := json.Unmarshal(line, &in); err != nil {
		it.err = fmt.Errorf("line %d: not a JSON object: %v", seq+1, err)
		return it
	}
	if len(in.ID) > 0 && string(in.ID) != "null" {
		it.id = idString(in.ID)
	}
	it.gold = in.Gold
	if in.Text == nil {
		it.err = fmt.Errorf("line %d: no \"text\" member", seq+1)
		return it
	}
	it.input = extract.Input{ID: it.id, Text: *in.Text}
	if in.Published != "" {
		t, err := extract.ParseDate(in.Published)
		if err != nil {
			it.err = fmt.Errorf("line %d: %v", seq+1, err)
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
		for seq := 0; ; {
			line, err := readLine(br)
			if len(bytes.TrimSpace(line)) > 0 || errors.Is(err, errLineTooLong) {
				select {
				case inflight <- struct{}{}:
				case <-ctx.Done():
					return
				}
				it := rawLine{seq: seq, line: line, tooLong: errors.Is(err, errLineTooLong)}
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
					it = batchItem{seq: raw.seq, id: fmt.Sprintf("line-%d", raw.seq+1), err: fmt.Errorf("line %d: longer than %d bytes", raw.seq+1, maxLineBytes)}
				} else {
					it = parseBatchLine(raw.seq, raw.line)
				}
				out := batchOutput{item: it}
				if it.err == nil {
					out.res = ex.Extract(it.input)
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
	encode := func(out *batchOutput) error {
		var v any = out.res
		if out.item.err != nil {
			v = map[string]string{"id": out.item.id, "error": out.item.err.Error()}
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
		_ = bar.Add(1)
		if out.item.err != nil {
			failed++
		}
		_, err := bw.Write(out.line)
		return err
	})
	_ = bar.Finish()
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("write output: %w", ferr)
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		o.global.logger(o.io.Err).Warn("some input lines could not be read; see their error lines", "failed", failed)
	}
	return nil
}
