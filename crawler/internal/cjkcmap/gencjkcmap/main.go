// Command gencjkcmap builds ../cjk.bin, the CID tables of package cjkcmap,
// from a checkout of github.com/adobe-type-tools/cmap-resources
// (BSD-3-Clause; see ../LICENSE-cmap-resources.md):
//
//	git clone https://github.com/adobe-type-tools/cmap-resources /tmp/cmap-resources
//	go run ./crawler/internal/cjkcmap/gencjkcmap -src /tmp/cmap-resources \
//	    -commit $(git -C /tmp/cmap-resources rev-parse HEAD) -out crawler/internal/cjkcmap/cjk.bin
//
// The output is the payload described in ../format.go, compressed with
// DEFLATE. Running it again on the same commit gives the same payload
// (TestRegenerate checks this when CMAP_RESOURCES names a checkout).
package main

import (
	"bytes"
	"compress/flate"
	"flag"
	"fmt"
	"os"
)

func main() {
	src := flag.String("src", "", "checkout of github.com/adobe-type-tools/cmap-resources")
	commit := flag.String("commit", "", "commit of that checkout, recorded in the output")
	out := flag.String("out", "cjk.bin", "output file")
	flag.Parse()
	if *src == "" || *commit == "" {
		fmt.Fprintln(os.Stderr, "gencjkcmap: -src and -commit are required")
		os.Exit(2)
	}
	payload, err := generate(os.DirFS(*src), *commit)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencjkcmap:", err)
		os.Exit(1)
	}
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.BestCompression)
	w.Write(payload)
	if err := w.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "gencjkcmap:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gencjkcmap:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gencjkcmap: %d bytes (%d uncompressed)\n", buf.Len(), len(payload))
}
