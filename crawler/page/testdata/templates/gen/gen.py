import json, os, re, sys, html as H
sys.path.insert(0, os.path.dirname(__file__))
from shells import SHELLS
from cases import C
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
def visible(page, drop_ruby):
    page = re.sub(r'(?is)<(script|style|head)\b.*?</\1>', ' ', page)
    if drop_ruby:
        page = re.sub(r'(?is)<(rt|rp)\b.*?</\1>', '', page)
    t = re.sub(r'(?s)<[^>]+>', '', page)
    t = H.unescape(t)
    return re.sub(r'\s+', '', t)
manifest = []
names = set()
for c in C:
    assert c["name"] not in names, c["name"]; names.add(c["name"])
    page, forb = SHELLS[c["family"]](c)
    forb = list(dict.fromkeys(forb + c["forbidden"]))
    v_plain, v_raw = visible(page, True), visible(page, False)
    for e in c["expected"]:
        assert re.sub(r'\s+','',e) in v_plain, (c["name"], "expected", e)
    for f in forb:
        assert re.sub(r'\s+','',f) in v_raw, (c["name"], "forbidden", f)
    for e in c["expected"]:
        for f in forb:
            assert f not in e, (c["name"], e, f)
    open(os.path.join(out, c["name"] + ".html"), "w").write(page)
    manifest.append({"file": c["name"] + ".html", "family": c["family"], "url": c["url"], "expected": c["expected"], "forbidden": forb})
json.dump(manifest, open(os.path.join(out, "cases.json"), "w"), ensure_ascii=False, indent=1)
print(len(manifest), "cases")
