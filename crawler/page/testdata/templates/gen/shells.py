# Site-family shells: each returns (html, forbidden snippets) for a case.
import html as H, re

def plain(t):
    t = re.sub(r"(?s)<(rt|rp)>.*?</\1>", "", t)
    return re.sub(r"<[^>]+>", "", t)

def ruby(base, reading):
    return f"<ruby>{base}<rp>（</rp><rt>{reading}</rt><rp>）</rp></ruby>"

def corp_wp(c):
    """Corporate CMS of the WordPress kind: header nav, breadcrumb list,
    article.news-detail, category/archive sidebar, related posts, share."""
    org = c["org"]
    rel = "".join(f'<li><a href="/news/{i}/"><span class="date">2024.0{i}.1{i}</span>{t}</a></li>' for i, t in enumerate(c.get("related", ["新製品発表会開催のお知らせ", "年末年始休業のお知らせ"]), 1))
    page = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{plain(c['title'])} | お知らせ | {org}</title>
<meta property="og:title" content="{plain(c['title'])}"><meta property="og:site_name" content="{org}">
<link rel="stylesheet" href="/wp-content/themes/corp/style.css"></head>
<body class="post-template-default single single-post">
<header class="l-header"><div class="l-header__inner"><p class="l-header__logo"><a href="/"><img src="/logo.svg" alt="{org}"></a></p>
<nav class="gnav"><ul class="menu"><li><a href="/company/">企業情報</a></li><li><a href="/business/">事業紹介</a></li><li><a href="/products/">製品・サービス</a></li><li><a href="/sustainability/">サステナビリティ</a></li><li><a href="/recruit/">採用情報</a></li><li><a href="/contact/">お問い合わせ</a></li></ul></nav>
<div class="lang"><a href="/en/">English</a></div></div></header>
<div class="breadcrumb"><ol><li><a href="/">TOP</a></li><li><a href="/news/">ニュース</a></li><li>{plain(c['title'])}</li></ol></div>
<div class="l-container"><main class="l-main">
<article class="news-detail">
<div class="news-detail__meta"><time class="news-detail__date" datetime="{c.get('iso','')}">{c['dateline']}</time><span class="cat">{c.get('cat','お知らせ')}</span></div>
<h1 class="news-detail__title">{c['title']}</h1>
<div class="news-detail__body entry-content">
{c['body']}
</div>
<div class="share"><span>SHARE</span><a href="https://x.com/share">ポスト</a><a href="https://www.facebook.com/sharer">シェア</a><a href="https://line.me/R/msg">LINEで送る</a></div>
<div class="news-detail__back"><a href="/news/">ニュース一覧へ戻る</a></div>
</article>
<section class="related-posts"><h2>関連するお知らせ</h2><ul>{rel}</ul></section>
</main>
<aside class="l-side"><div class="widget"><h3>カテゴリー</h3><ul><li><a href="/news/category/info/">お知らせ</a></li><li><a href="/news/category/press/">プレスリリース</a></li><li><a href="/news/category/ir/">IR情報</a></li></ul></div>
<div class="widget"><h3>アーカイブ</h3><ul><li><a href="/news/2024/">2024年</a></li><li><a href="/news/2023/">2023年</a></li></ul></div></aside></div>
<footer class="l-footer"><ul class="footer-links"><li><a href="/privacy/">個人情報保護方針</a></li><li><a href="/sitemap/">サイトマップ</a></li><li><a href="/terms/">ご利用にあたって</a></li></ul>
<p class="copyright">&copy; {c.get('orgen','Kakuu Corporation')} All Rights Reserved.</p></footer>
<a href="#" class="pagetop">PAGE TOP</a>
</body></html>"""
    forb = ["サステナビリティ", "採用情報", "関連するお知らせ", "アーカイブ", "All Rights Reserved", "ニュース一覧へ戻る", "LINEで送る", "個人情報保護方針"]
    forb += [t for t in c.get("related", ["新製品発表会開催のお知らせ", "年末年始休業のお知らせ"])]
    return page, forb

def corp_table(c):
    """Older corporate site: table layout, div#header/#gnavi/#topicpath,
    left menu, 'ページTOPへ', pipe-separated footer menu."""
    org = c["org"]
    page = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html lang="ja"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>{org}｜{plain(c['title'])}</title></head>
<body bgcolor="#ffffff">
<div id="header"><table width="900" border="0" cellpadding="0" cellspacing="0"><tr><td><a href="/"><img src="/img/logo.gif" alt="{org}"></a></td><td align="right"><a href="/sitemap.html">サイトマップ</a> | <a href="/access.html">アクセスマップ</a> | <a href="/inquiry.html">お問合せ</a></td></tr></table></div>
<div id="gnavi"><a href="/index.html">ホーム</a><a href="/company/index.html">会社案内</a><a href="/service/index.html">業務案内</a><a href="/works/index.html">施工実績</a><a href="/topics/index.html">新着情報</a></div>
<div id="topicpath"><a href="/">トップ</a> &gt; <a href="/topics/">新着情報</a> &gt; {plain(c['title'])}</div>
<table width="900" border="0" cellpadding="0" cellspacing="0"><tr>
<td id="left" width="200" valign="top"><div class="leftmenu"><p class="menu-title">新着情報</p><ul><li><a href="/topics/2024.html">2024年の新着情報</a></li><li><a href="/topics/2023.html">2023年の新着情報</a></li></ul>
<p class="banner"><a href="/recruit/"><img src="/img/bnr_recruit.gif" alt="">採用情報 ただいま募集中</a></p></div></td>
<td id="contents" width="700" valign="top">
<h2 class="ttl">{c['title']}</h2>
<p class="date" align="right">{c['dateline']}</p>
{c['body']}
<p class="pagetop" align="right"><a href="#header">▲ページTOPへ</a></p>
</td></tr></table>
<div id="footer"><p><a href="/index.html">ホーム</a> | <a href="/company/index.html">会社案内</a> | <a href="/privacy.html">プライバシーポリシー</a></p>
<p>{org}　〒000-0000 架空県架空市本町1-2-3　TEL 000-000-0000　FAX 000-000-0001</p>
<address>Copyright(C) {c.get('orgen','Kakuu Co.,Ltd.')} All rights reserved.</address></div>
</body></html>"""
    forb = ["アクセスマップ", "施工実績", "2024年の新着情報", "ただいま募集中", "ページTOPへ", "プライバシーポリシー", "FAX 000-000-0001", "All rights reserved"]
    return page, forb

def muni(c):
    """Municipal CMS: skip link, text size/colour tools, foreign-language
    menu, breadcrumbs, 更新日/ページ番号, body, Adobe Reader help box,
    このページに関するお問い合わせ, feedback form, 'people who viewed this
    page' box, footer with office address and opening hours."""
    city = c["org"]
    adobe = c.get("adobe", True)
    plugin = """<div class="plugin"><p>PDF形式のファイルをご覧いただく場合には、Adobe社が提供するAdobe Acrobat Readerが必要です。<br>Adobe Acrobat Readerをお持ちでない方は、バナーのリンク先から無料ダウンロードしてください。</p><p><a href="https://get.adobe.com/jp/reader/"><img src="/img/get_adobe_reader.png" alt="Adobe Acrobat Reader DCのダウンロードへ（外部リンク・新しいウィンドウで開きます）"></a></p></div>""" if adobe else ""
    page = f"""<!DOCTYPE html>
<html lang="ja" xml:lang="ja"><head><meta charset="utf-8">
<title>{plain(c['title'])}／{city}</title>
<meta name="keywords" content="{city},{plain(c['title'])}"></head>
<body>
<div id="tmp_wrapper">
<noscript><p>このサイトではJavaScriptを使用したコンテンツ・機能を提供しています。JavaScriptを有効にするとご利用いただけます。</p></noscript>
<p><a href="#tmp_honbun" class="skip">本文へスキップします。</a></p>
<div id="tmp_header"><div id="tmp_hlogo"><h1><a href="/"><span>{city}</span></a></h1></div>
<div id="tmp_means"><ul><li><a href="/moji.html">文字サイズ・色合い変更</a></li><li><a href="/yomiage.html">音声読み上げ</a></li><li><a href="/foreign/">Foreign Language</a></li><li><a href="/easy/">やさしい日本語</a></li></ul>
<form action="/search/"><label for="tmp_query">サイト内検索</label><input id="tmp_query" name="q"><input type="submit" value="検索"></form></div>
<div id="tmp_gnavi"><ul><li><a href="/kurashi/">くらし・手続き</a></li><li><a href="/kenko/">健康・福祉</a></li><li><a href="/kosodate/">子育て・教育</a></li><li><a href="/kanko/">観光・文化・スポーツ</a></li><li><a href="/shisei/">市政情報</a></li></ul></div></div>
<div id="tmp_pankuzu"><p><a href="/">ホーム</a> &gt; <a href="/shisei/">市政情報</a> &gt; <a href="/shisei/oshirase/">{c.get('section','お知らせ')}</a> &gt; {plain(c['title'])}</p></div>
<div id="tmp_wrap_main" class="column_lnavi"><div id="tmp_main"><div class="wrap_col_main"><div class="col_main">
<p id="tmp_honbun" class="skip">ここから本文です。</p>
<div id="tmp_contents">
<h1>{c['title']}</h1>
<div class="update"><p>更新日：{c['dateline']}</p><p>ページ番号：{c.get('pageid','0012345')}</p></div>
{c['body']}
{plugin}
<div id="tmp_inquiry"><div id="tmp_inquiry_ttl"><p>このページに関するお問い合わせ</p></div><div id="tmp_inquiry_cnt"><form method="post" action="/inquiry"><p><strong>{c.get('dept','総務部 総務課')}</strong></p><p>〒000-0000　{city}役所1丁目1番1号</p><p>電話番号：000-000-0000</p><p class="submit"><input type="submit" value="お問い合わせフォーム"></p></form></div></div>
<div id="tmp_feedback"><div id="tmp_feedback_ttl"><p>より良いウェブサイトにするためにアンケートを行っています</p></div><form><fieldset><legend>このページの情報は役に立ちましたか？</legend><input type="radio" name="q1" value="1"><label>1：役に立った</label><input type="radio" name="q1" value="2"><label>2：ふつう</label><input type="radio" name="q1" value="3"><label>3：役に立たなかった</label></fieldset><p class="fb_note">※いただいたご意見は今後のウェブサイト運営の参考とします。ご質問には回答できませんので、お問い合わせは各担当課へどうぞ。</p><p><input type="submit" value="送信"></p></form></div>
</div></div></div>
<div class="wrap_col_lft_navi"><div class="col_lft_navi"><div id="tmp_lnavi"><div id="tmp_lnavi_ttl"><p><a href="/shisei/oshirase/">{c.get('section','お知らせ')}</a></p></div><div id="tmp_lnavi_cnt"><ul><li><a href="/shisei/oshirase/a.html">{c.get('side1','市税の納期限のお知らせ')}</a></li><li><a href="/shisei/oshirase/b.html">{c.get('side2','マイナンバーカード出張申請窓口')}</a></li></ul></div></div>
<div id="tmp_kanren"><p class="ttl">このページを見ている人はこんなページも見ています</p><ul><li><a href="/x.html">{c.get('side3','粗大ごみの出し方')}</a></li></ul></div></div></div>
</div></div>
<div id="tmp_footer"><div id="tmp_footer_nav"><ul><li><a href="/policy.html">サイトポリシー</a></li><li><a href="/privacy.html">個人情報の取り扱い</a></li><li><a href="/accessibility.html">ウェブアクセシビリティ方針</a></li><li><a href="/link.html">リンク集</a></li></ul></div>
<address><span class="name">{city}役所</span>〒000-0000　架空県{city}役所1丁目1番1号　電話番号：000-000-0000（代表）<br>開庁時間：月曜日から金曜日の午前8時30分から午後5時15分まで（祝日・休日、年末年始を除く）</address>
<p class="copyright">Copyright &copy; {city} All Rights Reserved.</p></div>
<p class="pagetop"><a href="#tmp_wrapper">ページの先頭へ戻る</a></p>
</div></body></html>"""
    forb = ["本文へスキップ", "文字サイズ・色合い変更", "Foreign Language", "くらし・手続き", "観光・文化・スポーツ", "このページの情報は役に立ちましたか", "役に立たなかった", "いただいたご意見は", "こんなページも見ています",
            c.get('side3','粗大ごみの出し方'), c.get('side1','市税の納期限のお知らせ'), "ウェブアクセシビリティ方針", "開庁時間", "ページの先頭へ戻る", "Copyright", "JavaScriptを有効にすると"]
    if adobe:
        forb += ["Adobe Acrobat Reader", "無料ダウンロード"]
    return page, forb

def university(c):
    org = c["org"]
    page = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{plain(c['title'])} | ニュース | {org}</title>
<meta name="description" content="{org}の公式ウェブサイトです。"></head>
<body>
<header id="header"><div class="header-top"><a href="/" class="logo">{org}</a>
<ul class="target-nav"><li><a href="/examinee/">受験生の方</a></li><li><a href="/students/">在学生の方</a></li><li><a href="/alumni/">卒業生の方</a></li><li><a href="/corporate/">企業・研究者の方</a></li><li><a href="/en/">ENGLISH</a></li></ul></div>
<nav class="global-nav"><ul><li><a href="/about/">大学案内</a></li><li><a href="/faculty/">学部・大学院</a></li><li><a href="/admissions/">入試情報</a></li><li><a href="/research/">研究・産学連携</a></li><li><a href="/campuslife/">キャンパスライフ</a></li><li><a href="/career/">就職・キャリア</a></li></ul></nav></header>
<nav class="breadcrumbs" aria-label="パンくずリスト"><ul><li><a href="/">ホーム</a></li><li><a href="/news/">ニュース</a></li><li>{plain(c['title'])}</li></ul></nav>
<div class="contents"><div class="main-col">
<div class="article-head"><p class="article-date">{c['dateline']}</p><ul class="tags"><li>{c.get('cat','お知らせ')}</li><li>重要</li></ul><h1 class="article-title">{c['title']}</h1></div>
<div class="article-body">
{c['body']}
</div>
<div class="related-links"><h2>関連リンク</h2><ul><li><a href="/about/security/">{c.get('rel1','情報セキュリティへの取り組み')}</a></li><li><a href="/about/privacy/">個人情報の保護について</a></li></ul></div>
<p class="back"><a href="/news/">ニュース一覧に戻る</a></p>
</div>
<aside class="side-col"><div class="side-box"><h2>ピックアップ</h2><ul><li><a href="/oc/">オープンキャンパス2024</a></li><li><a href="/donation/">{org}基金へのご寄附のお願い</a></li></ul></div></aside></div>
<footer id="footer"><div class="campus"><p>本部キャンパス　〒000-0000 架空県架空市学園町1-1</p><p>南キャンパス　〒000-0001 架空県架空市緑町2-2</p></div>
<ul class="footer-nav"><li><a href="/access/">交通アクセス</a></li><li><a href="/sitepolicy/">サイトポリシー</a></li><li><a href="/contact/">お問い合わせ一覧</a></li></ul>
<p class="copyright">&copy; {c.get('orgen','Kakuu University')}. All rights reserved.</p></footer>
</body></html>"""
    forb = ["受験生の方", "キャンパスライフ", "就職・キャリア", "関連リンク", c.get('rel1','情報セキュリティへの取り組み'), "ニュース一覧に戻る", "オープンキャンパス2024", "ご寄附のお願い", "南キャンパス", "交通アクセス", "All rights reserved"]
    return page, forb

def hospital(c):
    org = c["org"]
    page = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{plain(c['title'])}｜{org}</title></head>
<body>
<div class="wrapper"><header class="site-header"><div class="logo"><a href="/">{org}</a></div>
<div class="header-info"><p class="tel">代表 000-000-0000</p><p class="hours">外来受付時間 8:30〜11:00（土日祝・年末年始休診）</p></div>
<nav class="gnav"><ul><li><a href="/outpatient/">外来受診の方</a></li><li><a href="/inpatient/">入院・面会の方</a></li><li><a href="/department/">診療科・部門</a></li><li><a href="/medical/">医療関係者の方</a></li><li><a href="/recruit/">看護師募集</a></li></ul></nav></header>
<div class="topic-path"><a href="/">トップページ</a> ＞ <a href="/news/">病院からのお知らせ</a> ＞ <span>{plain(c['title'])}</span></div>
<div class="container"><div class="main">
<div class="entry"><div class="entry-header"><span class="entry-date">{c['dateline']}</span><h1>{c['title']}</h1></div>
<div class="entry-content">
{c['body']}
</div></div>
<div class="pager"><a href="/news/prev.html">« 前の記事</a> <a href="/news/">一覧</a> <a href="/news/next.html">次の記事 »</a></div>
</div>
<div class="sidebar"><div class="side-menu"><h3>病院からのお知らせ</h3><ul><li><a href="/news/cat1/">診療に関するお知らせ</a></li><li><a href="/news/cat2/">{c.get('side1','休診・代診のお知らせ')}</a></li></ul></div>
<div class="side-bnr"><a href="/dock/">人間ドック・健診のご案内</a><a href="/visit/">面会制限について</a></div></div></div>
<footer class="site-footer"><p class="name">{org}</p><p>〒000-0000 架空県架空市医療センター通り3-3　TEL：000-000-0000</p><p class="copy">Copyright &copy; {org} All Rights Reserved.</p></footer></div>
</body></html>"""
    forb = ["外来受付時間", "入院・面会の方", "医療関係者の方", "看護師募集", "前の記事", "次の記事", c.get('side1','休診・代診のお知らせ'), "人間ドック・健診のご案内", "面会制限について", "All Rights Reserved", "医療センター通り"]
    return page, forb

def news(c):
    org = c["org"]
    rel = c.get("related", ["架空県で大雨　住宅浸水の被害相次ぐ", "架空市長、新庁舎計画を説明"])
    rank = ["新駅開業へ　沿線で準備進む", "高校野球、架空県大会の組み合わせ決まる", "秋の味覚フェア　駅前で始まる"]
    page = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{plain(c['title'])}：{org}</title>
<meta property="og:type" content="article"><meta property="article:published_time" content="{c.get('iso','')}"></head>
<body>
<header class="gh"><a href="/" class="gh-logo">{org}</a><nav class="gh-nav"><a href="/national/">社会</a><a href="/politics/">政治</a><a href="/economy/">経済</a><a href="/international/">国際</a><a href="/sports/">スポーツ</a><a href="/local/">地域</a></nav>
<div class="gh-member"><a href="/login/">ログイン</a><a href="/subscribe/">会員登録</a></div></header>
<div class="ad ad-top"><p>PR</p><a href="https://ad.example/">いまなら初月無料　電子版お試しキャンペーン</a></div>
<div class="page"><article class="article">
<header class="article-header"><p class="article-genre">{c.get('cat','社会')}</p><h1>{c['title']}</h1>
<div class="article-meta"><time datetime="{c.get('iso','')}">{c['dateline']}</time><span class="byline">{c.get('byline','（架空通信）')}</span></div>
<ul class="share-buttons"><li><a href="#">この記事をシェア</a></li><li><a href="#">ブックマーク</a></li><li><a href="#">印刷</a></li></ul></header>
<div class="article-body">
{c['body']}
</div>
<div class="article-footer"><p class="paywall-note">{c.get('paywall','この記事は会員限定ではありません')}</p></div>
<section class="related"><h2>関連記事</h2><ul>{''.join(f'<li><a href="/articles/{i}.html">{t}</a></li>' for i, t in enumerate(rel))}</ul></section>
</article>
<aside class="sidebar"><section class="ranking"><h2>アクセスランキング</h2><ol>{''.join(f'<li><a href="/r/{i}.html">{t}</a></li>' for i, t in enumerate(rank))}</ol></section>
<div class="ad ad-side"><p>PR</p><a href="https://ad.example/2">住宅ローン金利比較はこちら</a></div></aside></div>
<footer class="gf"><ul><li><a href="/about/">会社案内</a></li><li><a href="/policy/">著作権・リンクについて</a></li><li><a href="/privacy/">個人情報</a></li></ul><p>{org}に掲載の記事・写真の無断転載を禁じます。</p><p>&copy; {org}</p></footer>
</body></html>"""
    forb = ["会員登録", "初月無料", "この記事をシェア", "ブックマーク", "関連記事", "アクセスランキング", "住宅ローン金利比較", "無断転載を禁じます", "著作権・リンクについて"] + rel + rank[:2]
    return page, forb

def pdf_listing(c):
    org = c["org"]
    rows = "".join(f'<tr><td>{d}</td><td><a href="/pdf/{i}.pdf">{t}（PDF：{k}KB）</a></td></tr>' for i, (d, t, k) in enumerate(c["rows"]))
    page = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{plain(c['title'])}｜{org}</title></head>
<body>
<div id="header"><p class="logo"><a href="/">{org}</a></p><ul id="hnav"><li><a href="/about/">組織概要</a></li><li><a href="/business/">事業内容</a></li><li><a href="/disclosure/">情報公開</a></li><li><a href="/contact/">お問い合わせ窓口</a></li></ul></div>
<div id="bread"><a href="/">ホーム</a> ＞ <a href="/disclosure/">情報公開</a> ＞ {plain(c['title'])}</div>
<div id="main"><h1>{c['title']}</h1>
{c.get('intro','')}
<table class="list"><thead><tr><th>掲載日</th><th>件名</th></tr></thead><tbody>{rows}</tbody></table>
<p class="pdf-note">※PDFファイルをご覧いただくには、Adobe Acrobat Reader（無料）が必要です。</p>
<p class="ext-note">※リンク先の外部サイトは別ウィンドウで開きます。</p>
</div>
<div id="side"><h2>情報公開</h2><ul><li><a href="/disclosure/plan/">事業計画</a></li><li><a href="/disclosure/finance/">財務諸表</a></li><li><a href="/disclosure/audit/">監査報告</a></li></ul></div>
<div id="footer"><p>{org}　〒000-0000 架空県架空市港町4-4</p><p>&copy; {org}</p></div>
</body></html>"""
    forb = ["組織概要", "お問い合わせ窓口", "※PDFファイルをご覧いただくには", "Adobe Acrobat Reader", "別ウィンドウで開きます", "財務諸表", "監査報告", "港町4-4"]
    return page, forb

def ir(c):
    org = c["org"]
    page = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{plain(c['title'])} | IR情報 | {org}</title></head>
<body>
<header class="header"><a class="logo" href="/">{org}</a><nav><ul><li><a href="/company/">会社情報</a></li><li><a href="/service/">サービス</a></li><li><a href="/ir/">IR情報</a></li><li><a href="/csr/">ESG</a></li><li><a href="/recruit/">採用</a></li></ul></nav></header>
<div class="ir-header"><p class="ir-title">IR情報</p><ul class="ir-nav"><li><a href="/ir/message/">トップメッセージ</a></li><li><a href="/ir/library/">IRライブラリー</a></li><li><a href="/ir/stock/">株式情報</a></li><li><a href="/ir/calendar/">IRカレンダー</a></li><li><a href="/ir/faq/">よくあるご質問</a></li></ul></div>
<ol class="breadcrumb"><li><a href="/">ホーム</a></li><li><a href="/ir/">IR情報</a></li><li><a href="/ir/news/">IRニュース</a></li><li>{plain(c['title'])}</li></ol>
<main class="ir-main"><div class="ir-article"><p class="ir-date">{c['dateline']}</p><h1>{c['title']}</h1>
<div class="ir-body">
{c['body']}
</div>
<div class="ir-files"><ul><li><a href="/ir/pdf/{c.get('pdf','release')}.pdf" class="pdf">{c.get('pdftitle', c['title'])}（PDF 245KB）</a></li></ul></div>
</div>
<div class="ir-disclaimer"><p>本ウェブサイトに掲載されている業績見通し等の将来に関する記述は、現時点で入手可能な情報に基づき当社が判断したものであり、実際の業績は様々な要因により異なる可能性があります。</p></div>
<div class="stock-widget"><p>株価情報（20分ディレイ）</p><p>東証プライム：0000</p></div>
</main>
<footer class="footer"><ul><li><a href="/ir/disclaimer/">免責事項</a></li><li><a href="/ir/mail/">IRメール配信</a></li><li><a href="/privacy/">プライバシーポリシー</a></li></ul><p>&copy; {org}</p></footer>
</body></html>"""
    forb = ["トップメッセージ", "IRライブラリー", "IRカレンダー", "よくあるご質問", "将来に関する記述", "20分ディレイ", "IRメール配信", "免責事項"]
    return page, forb

def easy(c):
    """やさしい日本語 page of a city: ruby everywhere, big-text tools."""
    city = c["org"]
    page = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>{c['titleplain']}（やさしい日本語）｜{city}</title></head>
<body>
<div id="header"><p class="logo"><a href="/">{city}</a></p><ul class="tools"><li><a href="/">ふつうの日本語</a></li><li><a href="/foreign/en/">English</a></li><li><a href="/foreign/zh/">中文</a></li><li><a href="/foreign/ko/">한국어</a></li><li><a href="#" class="furigana-off">ふりがなを消す</a></li></ul></div>
<div id="pankuzu"><a href="/easy/">やさしい日本語のページ</a> &gt; {c['titleplain']}</div>
<div id="main"><h1>{c['title']}</h1>
<p class="date">{c['dateline']}</p>
{c['body']}
</div>
<div id="side"><p>やさしい日本語のページ</p><ul><li><a href="/easy/gomi.html">ごみの 出し方</a></li><li><a href="/easy/bousai.html">地震や 台風の ときは</a></li></ul></div>
<div id="footer"><p>{city}役所　国際交流課</p><p>&copy; {city}</p></div>
</body></html>"""
    forb = ["ふつうの日本語", "ふりがなを消す", "やさしい日本語のページ", "ごみの 出し方", "台風の ときは", "国際交流課", "한국어"]
    return page, forb

SHELLS = {"corp_wp": corp_wp, "corp_table": corp_table, "muni": muni, "university": university,
          "hospital": hospital, "news": news, "pdf_listing": pdf_listing, "ir": ir, "easy": easy}
