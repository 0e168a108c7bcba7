// Package browser renders pages in a headless Chromium (the distribution's
// chromium, driven over the DevTools protocol with chromedp) and returns
// the HTML as the page's scripts left it. The crawler uses it for listing
// pages whose items are filled in by JavaScript (`kohyo crawl --render`);
// everything else is fetched as plain HTTP.
//
// Chromium starts with the flags that keep it quiet on a closed network
// (no QUIC, no first-run, no background networking, no component updates,
// no sync) and a fresh profile directory that Close removes.
package browser
