"""Feeds and the sitemap of the built test archive, parsed as XML (the golden test compares
their bytes, which does not say they parse, nor that their links lead anywhere)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://example.org/archive/"  # tests/data/site_config.yaml


def local(built_site, url: str):
    assert url.startswith(BASE), url
    return built_site / url[len(BASE):]


def test_every_feed_is_atom_whose_links_lead_to_built_pages(built_site):
    feeds = sorted(p for p in built_site.rglob("*.xml") if p.name != "sitemap.xml")
    assert len(feeds) > 10 and built_site / "feed.xml" in feeds
    for path in feeds:
        root = ET.parse(path).getroot()  # raises on anything that is not well-formed XML
        where = path.relative_to(built_site).as_posix()
        assert root.tag == ATOM + "feed", where
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN", where
        assert root.findtext(ATOM + "title"), where
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == BASE + where
        entries = root.findall(ATOM + "entry")
        assert entries, where
        ids = [e.findtext(ATOM + "id") for e in entries]
        assert len(set(ids)) == len(ids), where
        updated = [e.findtext(ATOM + "updated") for e in entries]
        for stamp in updated + [root.findtext(ATOM + "updated")]:
            datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ")
        assert updated == sorted(updated, reverse=True), where  # newest first
        assert root.findtext(ATOM + "updated") == updated[0], where
        for entry in entries:
            assert entry.findtext(ATOM + "title").strip(), where
            link = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
            assert local(built_site, link).is_file(), (where, link)


def test_sitemap_lists_every_page_once_and_only_built_pages(built_site):
    root = ET.parse(built_site / "sitemap.xml").getroot()
    assert root.tag == SITEMAP + "urlset"
    locs = [u.findtext(SITEMAP + "loc") for u in root.findall(SITEMAP + "url")]
    assert len(set(locs)) == len(locs)
    assert all(local(built_site, loc).is_file() for loc in locs)
    pages = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    listed = {loc[len(BASE):] for loc in locs}
    # every page a search engine should index: all but the error page
    assert listed == pages - {"404.html"}, sorted(pages ^ listed)


@pytest.mark.parametrize("text", ['<feed xmlns="http://www.w3.org/2005/Atom"><title>a & b</title></feed>',
                                  '<urlset><url><loc>x</loc></urlset>'])
def test_the_xml_parser_does_refuse_broken_xml(text, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ET.ParseError):
        ET.parse(bad)
