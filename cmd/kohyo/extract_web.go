package main

import (
	"context"
	"os"
	"strings"
	"time"

	"github.com/kohyo-dev/kohyo/extract"
)

// isWebArg reports whether the extract argument names a web document: a URL
// or a local HTML or PDF file.
func isWebArg(arg string) bool {
	l := strings.ToLower(arg)
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "file://") {
		return true
	}
	if strings.HasSuffix(l, ".html") || strings.HasSuffix(l, ".htm") || strings.HasSuffix(l, ".pdf") {
		_, err := os.Stat(arg)
		return err == nil
	}
	return false
}

func (o *extractOptions) runWeb(ctx context.Context, ex *extract.Extractor, published time.Time) error {
	return usagef("web documents are not supported yet")
}
