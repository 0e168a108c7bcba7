package browser

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The proxy decides on the address it connects to, not on the name asked
// for: a check that lets "localhost" pass by name but refuses loopback
// addresses (a name that turns private between the check and the
// connection, as with DNS rebinding) keeps the server unreached, over a
// proxy request and over a CONNECT tunnel alike. Needs no browser.
func TestGuardProxy(t *testing.T) {
	var reached atomic.Int64
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		fmt.Fprint(w, "内部の情報")
	}))
	defer target.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(target.URL, "http://"))
	byName := func(ctx context.Context, u *url.URL) error {
		if u.Hostname() == "localhost" {
			return nil
		}
		return errors.New("refused address")
	}
	all := func(ctx context.Context, u *url.URL) error { return nil }
	tests := []struct {
		name    string
		check   RequestCheck
		connect bool
		want    int // status through the proxy
	}{
		{"proxy request, address refused", byName, false, http.StatusBadGateway},
		{"tunnel, address refused", byName, true, http.StatusForbidden},
		{"proxy request, allowed", all, false, http.StatusOK},
		{"tunnel, allowed", all, true, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reached.Store(0)
			p, err := startProxy(tt.check)
			if err != nil {
				t.Fatal(err)
			}
			defer p.close()
			status, body := viaProxy(t, p, "localhost:"+port, tt.connect)
			if status != tt.want {
				t.Fatalf("status %d, want %d (%s)", status, tt.want, body)
			}
			if ok := tt.want == http.StatusOK; (reached.Load() > 0) != ok || ok && body != "内部の情報" {
				t.Errorf("reached %d times, body %q", reached.Load(), body)
			}
			if refused := p.refusals(); (len(refused) > 0) == (tt.want == http.StatusOK) {
				t.Errorf("refusals %v", refused)
			}
		})
	}
}

// viaProxy asks hostport for / through p, as a proxy request or through a
// CONNECT tunnel, and returns the final status and body.
func viaProxy(t *testing.T, p *guardProxy, hostport string, connect bool) (int, string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", strings.TrimPrefix(p.addr(), "http://"), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(c)
	read := func(req *http.Request) (int, string) {
		resp, err := http.ReadResponse(br, req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if connect {
		fmt.Fprintf(c, "CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n", hostport, hostport)
		req := &http.Request{Method: http.MethodConnect}
		resp, err := http.ReadResponse(br, req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", hostport)
		return read(&http.Request{Method: http.MethodGet})
	}
	fmt.Fprintf(c, "GET http://%s/ HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", hostport, hostport)
	return read(&http.Request{Method: http.MethodGet})
}
