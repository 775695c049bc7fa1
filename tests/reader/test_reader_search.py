"""Issue 19: search as readers expect it, on the site build.py made: a search box on every page,
the search page ready to type, examples, punctuation and dot variants that do not matter,
filters that show themselves and can be dropped, a phone layout, Chinese-only errors."""

from __future__ import annotations

import re
import shutil
from urllib.parse import quote

import pytest

from tests.reader.conftest import WIDTHS
from tests.reader.helpers import bases, opened, wait_for_search

PAGES = ["index.html", "about.html", "issues/index.html", "streets/index.html"]


def total(page) -> int:
    wait_for_search(page)
    return int(page.get_attribute("#search-results", "data-total"))


def some_pages(site):
    article = sorted(site.glob("issues/*/[0-9]*.html"))[0].relative_to(site).as_posix()
    topic = sorted(site.glob("programs/*.html"))[-1].relative_to(site).as_posix()
    return PAGES + [article, topic]


@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_has_a_header_search_box_that_searches(browser, reader_served, where, width):
    base = bases(reader_served)[where]
    for path in some_pages(reader_served[1]):
        with opened(browser, base + path, width) as page:
            box = page.locator(".site-header input[type=search]")
            assert box.is_visible(), path
            box.fill("社区")
            box.press("Enter")
            page.wait_for_url(re.compile(r"search\.html\?q="))
            assert total(page) > 0 and page.input_value("#search-q") == "社区"
            assert page.errors == []


def test_home_page_has_its_own_search_box(browser, reader_served):
    base, _ = reader_served
    with opened(browser, base + "index.html") as page:
        page.fill("main input[type=search]", "网格")
        page.click("main form[role=search] button")
        page.wait_for_url(re.compile(r"search\.html\?q="))
        assert total(page) > 0


@pytest.mark.parametrize("where", ["http", "file"])
def test_empty_search_page_is_focused_and_suggests_queries_that_find_something(browser, reader_served, where):
    base = bases(reader_served)[where]
    with opened(browser, base + "search.html") as page:
        wait_for_search(page)
        assert page.evaluate("document.activeElement.id") == "search-q"
        links = page.locator("#search-examples a")
        assert page.locator("#search-examples").is_visible() and links.count() >= 3
        for i in range(links.count()):
            page.goto(base + "search.html")
            wait_for_search(page)
            page.locator("#search-examples a").nth(i).click()
            page.wait_for_url(re.compile(r"\?q="))
            assert total(page) > 0, page.url
            assert not page.locator("#search-examples").is_visible()


@pytest.mark.parametrize("where", ["http", "file"])
def test_punctuation_width_and_dot_variants_do_not_matter(browser, reader_served, where):
    base = bases(reader_served)[where]
    with opened(browser, base + "search.html") as page:
        def count(q):
            page.goto(base + "search.html?q=" + quote(q))
            return total(page)

        dotted = count("双报到·通通在")
        assert dotted > 0
        for variant in ("双报到・通通在", "双报到•通通在", "双报到‧通通在", "双报到･通通在", "“双报到·通通在”"):
            assert count(variant) == dotted, variant
        plain = count("崇川区")
        assert plain > 0
        for variant in ("崇川区,", "崇川区，", "崇川区。", "（崇川区）", "　崇川区　"):
            assert count(variant) == plain, variant
        # the article page highlights the phrase of a dot variant too
        page.goto(base + "search.html?q=" + quote("双报到・通通在"))
        wait_for_search(page)
        page.click("#search-results li:first-child h2 a")
        page.wait_for_selector("mark.search-hit", state="attached")
        assert "双报到·通通在" in page.eval_on_selector_all("mark.search-hit", "ms => ms.map(m => m.textContent)")


def test_a_filter_shows_itself_keeps_focus_and_can_be_dropped(browser, reader_served):
    base, _ = reader_served
    with opened(browser, base + "search.html?q=" + quote("社区")) as page:
        unfiltered = total(page)
        box = page.locator("#search-facets fieldset[data-facet=year] input").first
        year = box.get_attribute("value")
        box.focus()
        page.keyboard.press("Space")  # ticking with Space keeps the focus on the box
        page.wait_for_function("location.search.includes('year=')")
        filtered = total(page)
        assert 0 < filtered < unfiltered
        assert page.evaluate("[document.activeElement.type, document.activeElement.value]") == ["checkbox", year]
        chips = page.inner_text("#search-filters")
        assert f"年份：{year}" in chips and "清除筛选" in chips
        assert "筛选" in page.inner_text("#search-status")
        # a new query keeps the filter, and says so: here nothing matches within it
        page.fill("#search-q", "zzz不存在的词")
        page.press("#search-q", "Enter")
        assert total(page) == 0
        assert "筛选" in page.inner_text("#search-status")
        assert page.locator("#search-filters").is_visible()
        page.click("#search-hint button")  # 去掉筛选再搜
        page.wait_for_function("!location.search.includes('year=')")
        wait_for_search(page)
        assert not page.locator("#search-filters").is_visible()
        assert page.input_value("#search-q") == "zzz不存在的词"
        # 清除筛选 clears every filter at once
        page.goto(base + "search.html?q=" + quote("社区") + "&year=" + year + "&kind=article")
        total(page)
        page.click("#search-filters button:text('清除筛选')")
        page.wait_for_function("!location.search.includes('year=') && !location.search.includes('kind=')")
        assert total(page) == unfiltered


def test_nothing_found_names_the_phrase_that_no_record_holds(browser, reader_served):
    base, _ = reader_served
    with opened(browser, base + "search.html?q=" + quote("社区 zzz不存在")) as page:
        assert total(page) == 0
        assert "没有找到" in page.inner_text("#search-status")
        page.wait_for_function("document.getElementById('search-hint').textContent.includes('zzz不存在')")
        assert "“社区”" not in page.inner_text("#search-hint")


def test_on_a_phone_the_filters_are_folded_above_the_results_with_large_targets(browser, reader_served):
    base, _ = reader_served
    with opened(browser, base + "search.html?q=" + quote("社区"), 390) as page:
        total(page)
        assert page.evaluate("document.getElementById('search-facets-box').open") is False
        first = page.eval_on_selector("#search-results li", "li => li.getBoundingClientRect().top")
        assert first < 700
        page.click("#search-facets-box summary")
        heights = page.eval_on_selector_all("#search-facets label", "ls => ls.map(l => l.getBoundingClientRect().height)")
        assert heights and min(heights) >= 40
    with opened(browser, base + "search.html?q=" + quote("社区"), 1280) as page:
        total(page)
        assert page.evaluate("document.getElementById('search-facets-box').open") is True


def test_an_index_that_cannot_load_is_reported_in_chinese_only(browser, reader_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(reader_site, site)
    shutil.rmtree(site / "searchindex" / "t")
    with opened(browser, site.as_uri() + "/search.html?q=" + quote("社区")) as page:
        page.wait_for_selector("#search-results[data-state=error]", state="attached")
        message = page.inner_text("#search-status")
        assert "无法载入" in message and not re.search(r"[A-Za-z/]", message), message


@pytest.mark.parametrize("where", ["http", "file"])
def test_bylines_are_searchable_and_reporters_are_a_facet(browser, reader_build, reader_served, where):
    from collections import Counter

    from gazette.urls import article_url
    from tests.reader.helpers import records

    workdir, _ = reader_build
    originals = [a for a in records(workdir) if not a.duplicate_of]
    name, _ = Counter(n for a in originals for n in a.byline).most_common(1)[0]
    expected = {article_url(a.issue, a.seq) for a in originals if name in a.byline or name in a.body
                or name in a.title or name in a.headlines}
    base = bases(reader_served)[where]
    with opened(browser, base + "search.html?q=" + quote(name)) as page:
        assert total(page) == len(expected) > 0
        urls = page.evaluate("q => gazetteSearch.urls({q: q, sort: 'relevance'}).then(r => r.urls)", name)
        assert set(urls) == expected
        # the reporter facet lists the name; ticking it keeps the byline's records only
        box = page.locator(f"#search-facets fieldset[data-facet=reporter] input[value='{name}']")
        assert "作者" in page.inner_text("#search-facets fieldset[data-facet=reporter] legend")
        box.check()
        page.wait_for_function("location.search.includes('reporter=')")
        assert total(page) == sum(1 for a in originals if name in a.byline)
        assert f"作者：{name}" in page.inner_text("#search-filters")
