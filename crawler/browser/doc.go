// Package browser renders pages in a headless Chromium (the distribution's
// chromium, driven over the DevTools protocol with chromedp) and returns
// the HTML as the page's scripts left it. The crawler uses it for listing
// pages whose items are filled in by JavaScript (`kohyo crawl --render`);
// everything else is fetched as plain HTTP.
//
// Chromium starts with the flags that keep it quiet on a closed network
// (no QUIC, no first-run, no background networking, no component updates,
// no sync, no UDP for WebRTC) and a fresh profile directory that Close
// removes. With CheckRequests, a rendering asks a check before each request
// of the page (Fetch domain) and runs in a browser context of its own whose
// connections all go through an in-process proxy that connects only to
// addresses the check passed (guard.go, proxy.go): the crawler passes its
// address guard, so that a page cannot reach the user's network through
// the browser.
package browser
