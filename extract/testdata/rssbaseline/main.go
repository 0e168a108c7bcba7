// Command rssbaseline is the memory baseline for `kohyo extract`: it loads
// the IPA dictionary and tokenises one file with kagome alone, nothing else.
// Compare the two peak RSS figures:
//
//	go build -o /tmp/rssbaseline ./extract/testdata/rssbaseline
//	/usr/bin/time -v /tmp/rssbaseline doc.txt   # Maximum resident set size
//	/usr/bin/time -v kohyo extract doc.txt
package main

import (
	"fmt"
	"os"

	"github.com/ikawaha/kagome-dict/ipa"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: rssbaseline FILE")
		os.Exit(2)
	}
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tok, err := tokenizer.New(ipa.Dict(), tokenizer.OmitBosEos())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(len(tok.Tokenize(string(b))), "tokens")
}
