"""The index writer: encodings decode to what a brute-force scan finds, output is deterministic,
writes only what changed and removes what a build no longer produces."""

from __future__ import annotations

import json
import re
from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from gazette.records import Article, SourceSpan
from gazette.search import IndexOptions, build_files, write_search_index
from gazette.search.codec import term_hash, vlq, vlq_decode
from gazette.search.postings import build_postings
from gazette.search.text import BODY_BASE, fold, phrases


@given(st.lists(st.integers(min_value=0, max_value=2**40)))
def test_vlq_round_trip(numbers):
    assert vlq_decode(vlq(numbers)) == numbers


def test_term_hash_is_fnv1a():
    assert term_hash("") == 0x811C9DC5
    assert term_hash("a") == 0xE40C292C  # published FNV-1a 32-bit test vector


def test_fold_keeps_length_and_folds_width_and_case():
    assert fold("ＡＢｃ１５分钟　Covid") == "abc15分钟 covid"
    assert phrases("红色物业  秦灶 红色物业") == ["红色物业", "秦灶"]


def _decode_docs(encoded):
    doc, out = -1, {}
    for v in vlq_decode(encoded):
        doc += (v >> 3) + 1
        out[doc] = ((v >> 1) & 3, v & 1)
    return out


def _decode_positions(encoded, docs):
    nums, i, out = vlq_decode(encoded), 0, {}
    for doc in docs:
        count, at, found = nums[i] + 1, 0, []
        i += 1
        for k in range(count):
            at = nums[i] if k == 0 else at + nums[i]
            found.append(at)
            i += 1
        out[doc] = found
    assert i == len(nums)
    return out


texts = st.lists(st.tuples(st.text("甲乙丙 \nab", max_size=12), st.text("甲乙丙丁 \nab1", max_size=40)),
                 max_size=8)


@settings(max_examples=60, deadline=None)
@given(texts, st.integers(min_value=1, max_value=60))
def test_postings_equal_a_brute_force_scan(docs, batch_chars):
    result = build_postings(docs, batch_chars=batch_chars)
    expected_docs: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for doc_id, (head, body) in enumerate(docs):
        for base, text in ((0, head), (BODY_BASE, body)):
            for i, ch in enumerate(text):
                if ch not in " \n":
                    expected_docs[ch][doc_id].append(base + i)
                    if i + 1 < len(text) and text[i + 1] not in " \n":
                        expected_docs[text[i:i + 2]][doc_id].append(base + i)
    assert set(result.docs) == set(expected_docs)
    for term, per_doc in expected_docs.items():
        decoded = _decode_docs(result.docs[term])
        assert sorted(decoded) == sorted(per_doc)
        for doc, hits in per_doc.items():
            tf = len(hits)
            assert decoded[doc] == ((tf > 1) + (tf > 2) + (tf > 4), int(hits[0] < BODY_BASE))
        if len(term) == 2:
            assert _decode_positions(result.positions[term], sorted(per_doc)) == {d: h for d, h in per_doc.items()}
        else:
            assert term not in result.positions


def _article(n, title, body, date=None, duplicate_of=None):
    return Article(id=f"x-{n:03d}", issue="x", seq=n, source=SourceSpan("seeds/x.txt", n, n), kind="article",
                   title=title, body=body, date=date, duplicate_of=duplicate_of)


ARTICLES = [
    _article(1, "社区花园", "## 小标题\n\n居民在社区花园里种菜。", "2023-05-01"),
    _article(2, "垃圾分类", "垃圾分类进小区。", "2022-01-02"),
    _article(3, "重复", "垃圾分类进小区。", "2022-01-02", duplicate_of="x-002"),
    _article(4, "无日期", "没有日期的记录。"),
]


def url_for(a):
    return f"issues/{a.issue}/{a.seq:03d}.html"


def test_documents_are_in_date_order_without_duplicates_and_headings_are_stripped():
    files = build_files(ARTICLES, [], url_for)
    rows = []
    for name in sorted(f for f in files if f.startswith("m/")):
        rows += json.loads(re.search(r",(\[.*\])\);", files[name]).group(1))
    assert [r[1] for r in rows] == ["无日期", "垃圾分类", "社区花园"]
    assert [r[4] for r in rows] == [[0], [0], [0]]  # kind by index: "article" is the only one
    texts = []
    for name in sorted(f for f in files if f.startswith("x/")):
        texts += json.loads(re.search(r",(\[.*\])\);", files[name]).group(1))
    assert texts[2] == "社区花园\n小标题\n\n居民在社区花园里种菜。"


def test_output_is_deterministic_and_rewritten_only_when_changed(tmp_path):
    first = write_search_index(ARTICLES, [], tmp_path, url_for)
    snapshot = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    again = write_search_index(list(reversed(ARTICLES)), [], tmp_path, url_for)
    assert first.written == first.files > 0 and again.written == 0 and again.removed == 0
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == snapshot
    assert all("\\u" not in data.decode("utf-8") for data in snapshot.values())  # ensure_ascii=False


def test_files_of_an_earlier_build_are_removed(tmp_path):
    write_search_index(ARTICLES, [], tmp_path, url_for, IndexOptions(docs_per_meta_file=1))
    report = write_search_index(ARTICLES, [], tmp_path, url_for, IndexOptions(docs_per_meta_file=2))
    assert report.removed == 1  # m/2.js: three documents now fit in two files
    assert sorted(p.name for p in (tmp_path / "searchindex" / "m").iterdir()) == ["0.js", "1.js"]


@given(st.sets(st.integers(min_value=0, max_value=60)))
def test_id_sets_round_trip(ids):
    from gazette.search.writer import _id_set

    text = _id_set(sorted(ids), 61)
    nums = vlq_decode(text[1:])
    if text[0] == "g":
        decoded, at = [], -1
        for v in nums:
            at += v + 1
            decoded.append(at)
    else:
        runs, at = [], 0
        for gap, length in zip(nums[::2], nums[1::2]):
            at += gap
            runs += range(at, at + length + 1)
            at += length + 1
        decoded = runs if text[0] == "r" else [i for i in range(61) if i not in runs]
    assert decoded == sorted(ids)


def test_shard_count_is_a_bounded_power_of_two():
    files = build_files(ARTICLES, [], url_for, IndexOptions(shard_bytes=10, max_shards=8))
    assert sum(f.startswith("t/") for f in files) == 8
    files = build_files(ARTICLES, [], url_for, IndexOptions(shard_bytes=10**9))
    assert sum(f.startswith("t/") for f in files) == 1
