"""Search in a real headless Chromium, over HTTP under a sub-path and from file://, on the seed
archive as the real build writes it (tests/search/archive.py): every result set must equal a plain
substring scan of the records, and every snippet the record's own text."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from gazette.search import IndexOptions
from gazette.search.snippets import snippet_source, window
from gazette.display import cjk_punctuation
from gazette.search.text import body_text, fold, head_text
from gazette.search.writer import file_text, read_file_text
from gazette.urls import article_url

from tests.conftest import serve_directory
from tests.search.archive import build_site, substring_scan, write_engine_page

QUERIES = ["胡拥军", "崇川", "崇川区", "网格", "党群服务", "秦灶社区党总支", "垃圾分类", "红色物业", "双报到",
           "新城桥", "社区花园", "党", "2023", "15分钟", "红色物业 秦灶"]
FACETS = {"district": "districts", "street": "streets", "program": "programs"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    articles, issues = build_site(out)
    base, stop = serve_directory(out, "/archive/")
    yield {"dir": out, "http": base, "file": out.as_uri() + "/", "articles": articles, "issues": issues}
    stop()


@pytest.fixture(params=["http", "file"])
def base(request, site):
    return site[request.param]


def open_search(page, base, query_string=""):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base + "search.html" + query_string)
    page.wait_for_selector("#search-results[data-state=done]", state="attached")
    assert not errors
    return errors


def all_urls(page, params):
    return page.evaluate("p => gazetteSearch.urls(p).then(r => r.urls)", params)


def test_reference_scan_is_not_trivial(site):
    sizes = {q: len(substring_scan(site["articles"], q)) for q in QUERIES}
    assert all(sizes.values()), sizes  # every query finds something, so a broken index shows
    assert sizes["崇川"] > sizes["崇川区"] and sizes["党"] > sizes["党群服务"]


def test_first_page_from_a_summary_equals_the_full_ranking(page, site):
    open_search(page, site["file"])
    for query in QUERIES + ["社区"]:
        for sort in ("relevance", "date"):
            first, everything, total = page.evaluate("""p => gazetteSearch.search(p).then(r =>
                Promise.all([r.page(0, 10), r.all(), r.total]))""", {"q": query, "sort": sort})
            assert first == everything[:10] and total == len(everything), (query, sort)


@pytest.mark.parametrize("query", QUERIES)
def test_results_equal_a_substring_scan(page, base, site, query):
    open_search(page, base, "?q=" + quote(query))
    expected = substring_scan(site["articles"], query)
    assert int(page.get_attribute("#search-results", "data-total")) == len(expected)
    assert set(all_urls(page, {"q": query})) == expected
    shown = page.eval_on_selector_all("#search-results h2 a", "as => as.map(a => a.getAttribute('href'))")
    assert len(shown) == min(10, len(expected))
    assert all(h.endswith("?q=" + quote(query, safe="")) for h in shown)
    if len(expected) > 10:  # the rest, ten at a time
        while page.is_visible("#search-more"):
            count = len(shown)
            page.click("#search-more")
            page.wait_for_function(f"document.querySelectorAll('#search-results h2 a').length > {count}")
            shown = page.eval_on_selector_all("#search-results h2 a", "as => as.map(a => a.getAttribute('href'))")
    assert {h.split("?")[0] for h in shown} == expected and len(shown) == len(expected)


def test_phrases_must_be_contiguous(page, site):
    open_search(page, site["file"])
    apart = [a for a in site["articles"] if "党群" in a.body and "服务" in a.body and "党群服务" not in a.body]
    assert apart  # the seeds hold such a record, so the check below can fail
    found = all_urls(page, {"q": "党群服务"})
    assert found and not {article_url(a.issue, a.seq) for a in apart} & set(found)
    assert all_urls(page, {"q": "秦灶 不存在的词语"}) == []


def test_snippets_highlight_every_shown_match(page, base):
    open_search(page, base, "?q=" + quote("红色物业 秦灶"))
    marks = page.eval_on_selector_all(".search-snippet mark", "ms => ms.map(m => m.textContent)")
    assert marks and set(marks) <= {"红色物业", "秦灶"}
    snippet = page.inner_text(".search-snippet")
    assert snippet.count("秦灶") == sum(m == "秦灶" for m in page.eval_on_selector_all(
        ".search-results li:first-child .search-snippet mark", "ms => ms.map(m => m.textContent)"))


SHOWN = """lis => lis.map(li => [li.querySelector('h2 a').getAttribute('href').split('?')[0],
    li.querySelector('.search-snippet').textContent,
    Array.from(li.querySelectorAll('.search-snippet mark')).map(m => m.textContent).join('')])"""


def expected_snippet(article, query):
    """The snippet of ``article`` for ``query`` cut from its own text as the build cuts windows
    (from the earliest occurrence of any phrase), and how often the phrases occur in it."""
    options = IndexOptions()
    # pages and snippets show OCR's half-width punctuation between Chinese full width (issue 19)
    source = cjk_punctuation(snippet_source(head_text(article), body_text(article)))
    found = [at for at in (fold(source).find(p) for p in query.split()) if at >= 0]
    cut = window(source, min(found, default=-1), options.snippet_lead, options.snippet_chars)
    return (("…" if int(cut[0]) & 1 else "") + cut[1:] + ("…" if int(cut[0]) & 2 else ""),
            sum(fold(cut[1:]).count(p) for p in query.split()))


def test_a_lone_phrase_shows_snippets_from_the_index_without_reading_pages(page, base, site):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    by_url = {article_url(a.issue, a.seq): a for a in site["articles"]}
    index = read_file_text((site["dir"] / "searchindex" / "index.js").read_text(encoding="utf-8"))
    sizes = {q: len(substring_scan(site["articles"], q)) for q in ("社区", "网格")}
    # a term many records hold has an s/ entry; a rarer one takes rows from m/ and snippets from
    # pages (from file://, the x/ files)
    assert sizes["社区"] >= index["snippetDocs"] > 10 >= sizes["网格"] > 0
    for query in sizes:
        requested.clear()
        open_search(page, base, "?q=" + quote(query))
        kinds = Counter(u.split("/searchindex/")[-1].split("/")[0] for u in requested if "/searchindex/" in u)
        pages = [u for u in requested if "/issues/" in u]
        if query == "社区":
            assert kinds["t"] == kinds["s"] == 1, (query, kinds)
            assert not kinds["m"] and not kinds["x"] and not pages
        else:  # its s/ file was fetched next to its t/ file, before the t/ entry showed it has none
            assert kinds["t"] == 1 and kinds["s"] <= 1 and kinds["m"], (query, kinds)
            assert (len(pages) == sizes[query] and not kinds["x"]) if base == site["http"] else (kinds["x"] and not pages)
        shown = page.eval_on_selector_all("#search-results li", SHOWN)
        assert len(shown) == min(10, sizes[query])
        if query == "社区" or not pages:  # the build's windows, or the same cut from the x/ text
            for url, text, marks in shown:
                snippet, hits = expected_snippet(by_url[url], query)
                assert text == snippet and marks == query * hits


def shown_snippets(page, base, query):
    open_search(page, base, "?q=" + quote(query))
    return {url: (text, marks) for url, text, marks in page.eval_on_selector_all("#search-results li", SHOWN)}


@pytest.mark.parametrize("query", [  # 社区's first page shows the index's windows: no page is read
    "网格", "胡拥军", "社区", "红色物业 秦灶"])
def test_snippets_over_http_from_file_and_in_the_index_are_the_record_s_text(page, site, query):
    """The same result shows the same snippet over HTTP (cut from the article page), from
    file:// (cut from the x/ files) and as the index stores it (the build's windows), and the
    snippet is a piece of the record's own headlines and body: never a byline or dateline."""
    by_url = {article_url(a.issue, a.seq): a for a in site["articles"]}
    over_http = shown_snippets(page, site["http"], query)
    from_file = shown_snippets(page, site["file"], query)
    assert over_http and over_http.keys() == from_file.keys()
    for url in over_http:
        stored, hits = expected_snippet(by_url[url], query)
        source = cjk_punctuation(snippet_source(head_text(by_url[url]), body_text(by_url[url])))
        assert hits and from_file[url][0] == stored, url
        assert over_http[url][0].strip("…") in source, url  # the record's text, nothing around it
        assert over_http[url] == from_file[url], url  # marks too


def test_snippets_from_record_text_equal_the_build_s_windows(page, site):
    # from file://, a query with a filter reads snippets from the x/ files and cuts them itself
    open_search(page, site["file"], "?q=" + quote("社区") + "&kind=article")
    shown = page.eval_on_selector_all("#search-results li", SHOWN)
    by_url = {article_url(a.issue, a.seq): a for a in site["articles"]}
    assert len(shown) == 10
    for url, text, marks in shown:
        snippet, hits = expected_snippet(by_url[url], "社区")
        assert text == snippet and marks == "社区" * hits


def test_title_hits_rank_above_body_hits(page, site):
    open_search(page, site["http"], "?q=" + quote("网格"))
    titles = page.eval_on_selector_all("#search-results h2 a", "as => as.map(a => a.textContent)")
    by_url = {article_url(a.issue, a.seq): a for a in site["articles"]}
    hrefs = page.eval_on_selector_all("#search-results h2 a", "as => as.map(a => a.getAttribute('href').split('?')[0])")
    in_head = [any("网格" in h for h in (by_url[u].title, *by_url[u].headlines)) for u in hrefs]
    assert any(in_head) and not all(in_head), titles  # the seeds have both kinds
    assert in_head == sorted(in_head, reverse=True)


def test_sort_by_date_puts_newest_first(page, site):
    open_search(page, site["http"], "?q=" + quote("崇川") + "&sort=date")
    dates = page.eval_on_selector_all(".search-meta", "ps => ps.map(p => p.textContent.split(' · ')[0])")
    dated = [d for d in dates if d[:1].isdigit()]
    # date labels (gazette/dates.py): 2023-04-07, 2023-04-07（推断）, 2019年10月–11月（推断）, 2023年
    keys = [tuple(int(n) for n in re.findall(r"\d+", d)[:2]) for d in dated]
    assert len(dated) >= 2 and keys == sorted(keys, reverse=True)
    assert dates[:len(dated)] == dated  # undated records come last
    assert page.input_value("#search-sort") == "date"


def facet_values(article, issues):
    issue_year = {i.id: i.year for i in issues}
    year = article.date[:4] if article.date else (str(issue_year[article.issue]) if issue_year.get(article.issue) else None)
    return {
        "district": {t.name for t in article.districts},
        "street": {t.name for t in article.streets},
        "program": {t.name for t in article.programs if t.reviewed},
        "year": {year or "日期不详"},  # undated records have a year bucket (issue 19)
        "kind": {article.kind},
        "reporter": set(article.byline),  # a facet since issue 19
    }


def expected_counts(site, query, filters):
    """Each facet counted over records matching the query and every *other* facet's filter."""
    matching = substring_scan(site["articles"], query) if query else None
    records = [(a, facet_values(a, site["issues"])) for a in site["articles"] if not a.duplicate_of
               and (matching is None or article_url(a.issue, a.seq) in matching)]
    counts = {}
    for facet in ("district", "street", "program", "year", "kind", "reporter"):
        c = Counter()
        for a, values in records:
            if all(values[f] & set(v) for f, v in filters.items() if f != facet):
                c.update(values[facet])
        counts[facet] = dict(c)
    return counts


def shown_counts(page):
    return page.evaluate("""() => {
        const out = {};
        document.querySelectorAll('#search-facets fieldset').forEach(set => {
            out[set.dataset.facet] = {};
            set.querySelectorAll('label').forEach(l => {
                out[set.dataset.facet][l.querySelector('input').value] = +l.querySelector('.facet-count').textContent;
            });
        });
        return out;
    }""")


def without_zeros(counts):
    return {f: {k: v for k, v in c.items() if v} for f, c in counts.items() if any(c.values())}


def test_facet_counts_for_a_query(page, base, site):
    open_search(page, base, "?q=" + quote("社区"))
    expected = expected_counts(site, "社区", {})
    assert without_zeros(shown_counts(page)) == without_zeros(expected)
    assert len(expected["district"]) >= 1 and len(expected["kind"]) >= 2


def test_facet_combined_with_query_and_kept_in_the_url(page, base, site):
    open_search(page, base, "?q=" + quote("社区"))
    page.check("#search-facets fieldset[data-facet=district] input[value='崇川区']")
    page.wait_for_function("document.querySelector('#search-results').dataset.state === 'done'"
                           " && location.search.includes('district=')")
    filters = {"district": ["崇川区"]}
    by_url = {article_url(a.issue, a.seq): a for a in site["articles"]}
    expected = {u for u in substring_scan(site["articles"], "社区") if "崇川区" in facet_values(by_url[u], site["issues"])["district"]}
    assert 0 < len(expected) < len(substring_scan(site["articles"], "社区"))
    assert int(page.get_attribute("#search-results", "data-total")) == len(expected)
    assert set(all_urls(page, {"q": "社区", **filters})) == expected
    assert without_zeros(shown_counts(page)) == without_zeros(expected_counts(site, "社区", filters))
    # the URL alone reproduces the search
    url = page.url
    page.goto("about:blank")
    open_search(page, url.split("search.html")[0], "?" + url.split("?", 1)[1])
    assert int(page.get_attribute("#search-results", "data-total")) == len(expected)
    assert page.is_checked("#search-facets fieldset[data-facet=district] input[value='崇川区']")


def test_two_facets_without_a_query(page, site):
    open_search(page, site["file"], "?year=2023&kind=article")
    expected = [a for a in site["articles"] if not a.duplicate_of and
                facet_values(a, site["issues"])["year"] == {"2023"} and a.kind == "article"]
    assert expected and int(page.get_attribute("#search-results", "data-total")) == len(expected)


def test_result_link_carries_the_query_and_the_article_highlights_it(page, base, site):
    """Following a result opens the real article page with ?q=, which marks every occurrence of
    each phrase in the record's text."""
    open_search(page, base, "?q=" + quote("红色物业 秦灶"))
    href = page.get_attribute("#search-results li:first-child h2 a", "href")
    page.click("#search-results li:first-child h2 a")
    page.wait_for_load_state("load")
    assert page.url.endswith("?q=" + quote("红色物业 秦灶", safe=""))
    record = {article_url(a.issue, a.seq): a for a in site["articles"]}[href.split("?")[0]]
    # the page shows the title once, whether or not it is also the last headline
    text = "\n".join([*dict.fromkeys([*record.headlines, record.title]), body_text(record)])
    marks = page.eval_on_selector_all("mark.search-hit", "ms => ms.map(m => m.textContent)")
    assert sorted(marks) == sorted(["红色物业"] * text.count("红色物业") + ["秦灶"] * text.count("秦灶"))


def loaded_files(page):
    requested = []
    page.on("request", lambda r: requested.append(r.url.split("/searchindex/")[-1]) if "/searchindex/" in r.url else None)
    return requested


def test_only_the_needed_shards_are_loaded(page, site):
    requested = loaded_files(page)
    open_search(page, site["http"], "?q=" + quote("社区"))  # a stored term with a summary
    kinds = Counter(u.split("/")[0] for u in requested if "/" in u)
    assert "index.js" in requested
    assert kinds["t"] == 1 and not kinds["d"] and not kinds["f"] and not kinds["p"]  # the summary is enough
    assert not kinds["m"]  # the first page's display rows come with the summary
    assert not kinds["x"]  # over HTTP snippets come from the article pages


def test_a_long_rare_phrase_loads_its_bigrams_and_the_positions_of_a_cover(page, site):
    requested = loaded_files(page)
    open_search(page, site["http"], "?q=" + quote("秦灶社区党总支"))
    kinds = Counter(u.split("/")[0] for u in requested if "/" in u)
    # first its four four-character grams (too rare here to be stored), then its six bigrams;
    # a cover needs at most four of them
    assert kinds["t"] <= 4 + 6 and kinds["d"] <= 4 and kinds["p"] <= 4
    assert kinds["m"] <= 1 and not kinds["x"]


def test_without_javascript_the_page_says_so_and_links_to_indexes(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site["http"] + "search.html")
    text = page.inner_text("main")
    assert "JavaScript" in text
    links = page.eval_on_selector_all("main a", "as => as.map(a => a.getAttribute('href'))")
    assert not page.is_visible("#search-form")
    context.close()
    for folder in FACETS.values():  # the links a reader without JavaScript can follow
        assert f"{folder}/index.html" in links, links
        assert (site["dir"] / folder / "index.html").is_file()


def test_bigrams_apart_do_not_make_a_phrase(page, tmp_path):
    """A record holding every bigram of a phrase but never the phrase itself is not a match;
    neither is a phrase split between a headline and the body."""
    from gazette.records import Article, SourceSpan
    from gazette.search import write_search_index

    def record(n, title, body):
        return Article(id=f"t-{n}", issue="t", seq=n, source=SourceSpan("t.txt", n, n), kind="article",
                       title=title, body=body, date=f"2020-01-0{n}")

    articles = [record(1, "甲", "党群服务中心开放。"), record(2, "乙", "党群活动，群服装，服务群众。"),
                record(3, "党群服", "务实。"), record(4, "丙", "COVID 与 Ｃｏｖｉｄ 防控")]
    write_search_index(articles, [], tmp_path, lambda a: f"{a.seq}.html")
    write_engine_page(tmp_path)
    open_search(page, tmp_path.as_uri() + "/")
    for query, expected in {"党群服务": ["1.html"], "党群服": ["1.html", "3.html"], "群服": ["1.html", "2.html", "3.html"],
                            "服务群众": ["2.html"], "covid": ["4.html"], "ＣＯＶＩＤ 防": ["4.html"]}.items():
        assert sorted(all_urls(page, {"q": query})) == expected, query


@pytest.fixture(scope="module", params=["tiny files", "positions only", "dense archive"])
def variant(request, tmp_path_factory):
    """The index written other ways: every gram stored, with one-result pages, all term data in
    d/ and p/ files and facet blocks of four records with their own tables; no gram longer than two stored, so every longer phrase is confirmed with
    positions; and 400 records recombined from the seed paragraphs, where common terms are
    bitmaps and most terms have summaries."""
    from gazette.search import IndexOptions

    from tests.search.archive import recombined_records, tagged_records

    out = tmp_path_factory.mktemp(request.param.replace(" ", "-"))
    records, options = {
        "tiny files": (tagged_records(), IndexOptions(page=1, inline_chars=0, gram_docs=1, term_shard_bytes=1,
                                                      max_term_shards=4, data_file_bytes=1, max_data_files=3,
                                                      position_shard_bytes=1, max_position_shards=2,
                                                      min_docs_per_facet_file=4, shared_combination_bytes=0)),
        "positions only": (tagged_records(), IndexOptions(gram_docs=10**9)),
        "dense archive": (recombined_records(400, seed=3), IndexOptions()),
    }[request.param]
    articles, issues = build_site(out, records, options)
    return {"name": request.param, "dir": out, "file": out.as_uri() + "/", "articles": articles, "issues": issues}


def test_every_way_of_storing_terms_gives_exact_results(page, variant):
    open_search(page, variant["file"])
    for query in QUERIES + ["社区", "党总支"]:
        expected = substring_scan(variant["articles"], query)
        assert set(all_urls(page, {"q": query})) == expected, query
        first, everything, total = page.evaluate("""p => gazetteSearch.search(p).then(r =>
            Promise.all([r.page(0, 10), r.all(), r.total]))""", {"q": query})
        assert first == everything[:10] and total == len(expected), query
    for query, filters in (("社区", {}), ("社区", {"district": ["崇川区"]}), ("红色物业 秦灶", {"kind": ["article"]})):
        counts = page.evaluate("p => gazetteSearch.search(p).then(r => r.counts)", {"q": query, **filters})
        assert without_zeros(counts) == without_zeros(expected_counts(variant, query, filters)), (query, filters)


@pytest.mark.parametrize("variant", ["dense archive"], indirect=True)
def test_a_term_in_most_records_is_a_bitmap_and_still_exact(page, variant):
    forms = set()
    for path in (variant["dir"] / "searchindex").glob("[td]/*.js"):
        data = read_file_text(path.read_text(encoding="utf-8"))
        forms.update(re.findall(r'"(s[a-z])', json.dumps(data, ensure_ascii=False)))
    assert "sb" in forms  # a document set as a bitmap
    open_search(page, variant["file"], "?q=" + quote("社区"))
    expected = substring_scan(variant["articles"], "社区")
    assert len(expected) > len(variant["articles"]) // 2
    assert int(page.get_attribute("#search-results", "data-total")) == len(expected)


def test_a_long_phrase_inside_a_grams_fixed_context_needs_no_positions(page, tmp_path):
    """Every 秦灶社区 here is followed by 党总支, so 秦灶社区党总支 has exactly the documents of
    秦灶社区 (stored: held by enough documents); 灶社区党总支部 is not inside a fixed context."""
    from gazette.records import Article, SourceSpan
    from gazette.search import IndexOptions, write_search_index

    bodies = ["秦灶社区党总支召开会议。", "走访秦灶社区党总支部。", "秦灶社区党总支书记讲话，秦灶社区党总支委员参加。",
              "社区党总支换届。", "无关的记录。"]
    articles = [Article(id=f"t-{n}", issue="t", seq=n, source=SourceSpan("t.txt", n, n), kind="article",
                        title=f"第{n}条", body=body, date=f"2020-01-0{n}") for n, body in enumerate(bodies, 1)]
    write_search_index(articles, [], tmp_path, lambda a: f"{a.seq}.html", IndexOptions(gram_docs=2, page=1))
    write_engine_page(tmp_path)
    requested = loaded_files(page)
    open_search(page, tmp_path.as_uri() + "/")
    assert sorted(all_urls(page, {"q": "秦灶社区党总支"})) == ["1.html", "2.html", "3.html"]
    first = page.evaluate("gazetteSearch.search({q: '秦灶社区党总支'}).then(r => r.page(0, 1))")
    assert first == [2]  # 3.html: two occurrences rank first
    assert not any(u.startswith("p/") for u in requested)
    assert all_urls(page, {"q": "灶社区党总支部"}) == ["2.html"]  # confirmed with positions


def _zlib_cases():
    import random
    import zlib

    rng = random.Random(5)
    chinese = json.dumps({f"词{i}": ["社区党群服务中心", i * 37, "崇川区" * (i % 5)] for i in range(3000)}, ensure_ascii=False).encode()
    noise = bytes(rng.randrange(256) for _ in range(70_000))  # incompressible: stored blocks
    runs = b"a" * 300 + b"ab" * 40_000 + bytes(range(256)) * 3  # long matches, distance 1 and 2
    cases = {"empty": b"", "one byte": b"x", "short": "秦灶".encode()}
    for level in (0, 1, 6, 9):
        cases[f"json level {level}"] = zlib.compress(chinese, level), chinese
        cases[f"noise level {level}"] = zlib.compress(noise, level), noise
    cases = {name: value if isinstance(value, tuple) else (zlib.compress(value), value) for name, value in cases.items()}
    cases["runs"] = zlib.compress(runs, 9), runs
    # a fixed-Huffman block, as zlib writes for short input, and a stream with several blocks
    stream = zlib.compressobj(6)
    parts = stream.compress(chinese[:500]) + stream.flush(zlib.Z_FULL_FLUSH) + stream.compress(noise[:900])
    cases["flushed blocks"] = parts + stream.flush(), chinese[:500] + noise[:900]
    return cases


def test_the_client_inflates_what_zlib_writes(page, site):
    """Packed index files (writer.py PACKED) are inflated by search.js's own decoder: every kind of
    deflate block, compared byte for byte with the input zlib was given."""
    import base64

    open_search(page, site["http"])
    cases = _zlib_cases()
    assert any(packed[1] & 0x06 == 0 for packed, _ in cases.values())  # a stored first block is among them
    for name, (packed, expected) in cases.items():
        got = page.evaluate("""b => { const s = atob(b), a = new Uint8Array(s.length);
            for (let i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
            const out = gazetteSearch.inflate(a); let t = "";
            for (let i = 0; i < out.length; i += 4096) t += String.fromCharCode.apply(null, out.subarray(i, i + 4096));
            return btoa(t); }""", base64.b64encode(packed).decode())
        assert base64.b64decode(got) == expected, name


def test_a_damaged_packed_file_is_an_error_not_a_wrong_answer(page, site):
    import zlib

    open_search(page, site["http"])
    whole = list(zlib.compress("社区党群服务中心".encode() * 50, 9))
    flipped = whole[:12] + [whole[12] ^ 0x10] + whole[13:]
    for damaged in (whole[:len(whole) // 2], whole[:-1], flipped, [0x78, 0x9C, 0xFF, 0xFF, 0xFF], [0x12, 0x34] + whole[2:]):
        error = page.evaluate("""a => { try { gazetteSearch.inflate(new Uint8Array(a)); return null; }
            catch (e) { return e.message; } }""", damaged)
        assert error, damaged


def test_an_index_of_another_format_is_an_error_that_says_what_to_do(page, site, tmp_path):
    """A host or browser cache may serve an older search.js with a newer index: the page says so
    instead of misreading it."""
    from gazette.search.writer import FORMAT

    shutil.copytree(site["dir"], tmp_path, dirs_exist_ok=True)
    index = tmp_path / "searchindex" / "index.js"
    data = read_file_text(index.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT
    index.write_text(file_text("i", 0, json.dumps({**data, "format": FORMAT - 1})), encoding="utf-8")
    page.goto(tmp_path.as_uri() + "/search.html?q=" + quote("社区"))
    page.wait_for_selector("#search-results[data-state=error]", state="attached")
    message = page.text_content("#search-status")
    assert f"格式为 {FORMAT - 1}" in message and "刷新" in message
