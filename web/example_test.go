package web_test

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/kohyo-dev/kohyo/web"
)

func ExampleParseFilter() {
	f, err := web.ParseFilter(url.Values{"year": {"2024"}, "type": {"ransomware"}})
	fmt.Println(f.Year, f.Type, err)

	_, err = web.ParseFilter(url.Values{"since": {"2024/01/01"}})
	var fe *web.FilterError
	fmt.Println(errors.As(err, &fe), fe.Param)
	// Output:
	// 2024 ransomware <nil>
	// true since
}
