"""The index writer: encodings decode to what a brute-force scan finds, summaries equal a full
ranking, file counts stay bounded, output is deterministic, writes only what changed and removes
what a build no longer produces."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gazette.records import Article, SourceSpan
from gazette.search import IndexOptions, build_files, write_search_index
from gazette.search.codec import ALPHABET, IdSets, decode_set, encode_set, term_hash, vlq, vlq_decode
from gazette.search.facets import COMBINED, FACETS, facet_table, term_counts
from gazette.search.postings import CONTEXT, build_grams
from gazette.search.snippets import snippet_source, window
from gazette.search.terms import document_data, summaries
from gazette.search.text import BODY_BASE, FOLD_PAIRS, body_text, fold, head_text, phrases
from gazette.search.writer import PACKED, _packed, file_text, meta_file, meta_rows, read_file_text, searchable


@given(st.lists(st.integers(min_value=0, max_value=2**40)))
def test_vlq_round_trip(numbers):
    assert vlq_decode(vlq(numbers)) == numbers


def test_term_hash_is_fnv1a():
    assert term_hash("") == 0x811C9DC5
    assert term_hash("a") == 0xE40C292C  # published FNV-1a 32-bit test vector


def test_fold_keeps_length_and_folds_width_and_case():
    assert fold("ＡＢｃ１５分钟　Covid") == "abc15分钟 covid"
    assert phrases("红色物业  秦灶 红色物业") == ["红色物业", "秦灶"]
    for c, folded in FOLD_PAIRS.items():  # fold() skips texts with nothing to fold: none is missed
        assert fold(f"社区{chr(c)}花园") == f"社区{chr(folded)}花园"


# --- id sets ----------------------------------------------------------------------------------

def _naive_forms(ids: list[int], universe: int) -> dict[str, str]:
    """Every form of an id set, written the obvious way (codec.py's module doc)."""
    members = set(ids)
    absent = [i for i in range(universe) if i not in members]

    def gaps(values):
        return vlq(b - a - 1 for a, b in zip([-1] + values, values))

    runs, i = [], 0
    previous_end = 0
    while i < len(ids):
        j = i
        while j + 1 < len(ids) and ids[j + 1] == ids[j] + 1:
            j += 1
        runs += [ids[i] - previous_end, j - i]
        previous_end, i = ids[j] + 1, j + 1
    bits = "".join("1" if i in members else "0" for i in range(universe))
    bits += "0" * (-len(bits) % 6)
    return {"g": "g" + gaps(ids), "r": "r" + vlq(runs), "n": "n" + gaps(absent),
            "b": "b" + "".join(ALPHABET[int(bits[k:k + 6], 2)] for k in range(0, len(bits), 6))}


id_sets = st.integers(min_value=1, max_value=200).flatmap(
    lambda u: st.tuples(st.just(u), st.one_of(
        st.sets(st.integers(0, u - 1)),
        st.sets(st.integers(0, u - 1), max_size=3).map(lambda s: set(range(u)) - s),
        st.tuples(st.integers(0, u - 1), st.integers(0, u - 1)).map(lambda ab: set(range(min(ab), max(ab) + 1))))))


@settings(max_examples=200)
@given(st.lists(id_sets, min_size=1, max_size=12))
def test_id_sets_round_trip_in_their_shortest_form(sets):
    members = [sorted(s) for _, s in sets]
    universes = np.array([u for u, _ in sets])
    batch = IdSets(np.array([i for m in members for i in m], dtype=np.int64),
                   np.cumsum([0] + [len(m) for m in members]), universes)
    texts = batch.encode()
    for text, length, ids, universe in zip(texts, batch.lengths, members, universes.tolist()):
        assert decode_set(text, universe) == ids
        assert len(text) == length
        if 0 < len(ids) < universe:
            assert len(text) == min(len(form) for form in _naive_forms(ids, universe).values())
        else:
            assert text == ("e" if not ids else "a")
    only = np.array([k % 2 == 0 for k in range(len(sets))])
    assert batch.encode(only) == [t if keep else "" for t, keep in zip(texts, only)]


def test_a_set_held_by_most_documents_is_a_bitmap_or_its_complement():
    assert encode_set(range(0, 50_000, 2), 50_000)[0] == "b"  # 8,334 characters against 25,000 gaps
    assert encode_set([i for i in range(50_000) if i % 1000], 50_000)[0] == "n"
    assert encode_set(range(1000, 6000), 50_000) == "r" + vlq([1000, 4999])


# --- grams ------------------------------------------------------------------------------------

texts = st.lists(st.tuples(st.text("甲乙丙 \nab", max_size=12),
                           st.one_of(st.text("甲乙丙丁 \nab1", max_size=40), st.text("甲乙", max_size=40))),
                 max_size=10)


def _scan(docs, max_n=4):
    """Every gram's occurrences per document (positions), by brute force."""
    found: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for doc_id, (head, body) in enumerate(docs):
        for base, text in ((0, head), (BODY_BASE, body)):
            for i in range(len(text)):
                for n in range(1, max_n + 1):
                    gram = text[i:i + n]
                    if len(gram) == n and not set(gram) & set(" \n"):
                        found[gram][doc_id].append(base + i)
    return found


def _grams(docs, min_df, **kwargs):
    out = {}
    for grams in build_grams(docs, min_df, **kwargs):
        assert (grams.contexts is not None) == (grams.n == 4)
        for i, term in enumerate(grams.terms):
            a, b = grams.bounds[i], grams.bounds[i + 1]
            assert term not in out
            out[term] = (grams.docs[a:b].tolist(), grams.tf_class[a:b].tolist(), grams.head[a:b].tolist(),
                         grams.positions[i] if grams.positions is not None else None,
                         grams.contexts[i] if grams.contexts is not None else None)
    return out


def _fixed_context(docs, gram):
    """The characters every occurrence of ``gram`` has before and after it within its line (up
    to CONTEXT each), by brute force."""
    befores, afters = [], []
    for text in (t for doc in docs for t in doc):
        for line in re.split("[ \n]", text):
            for i in range(len(line)):
                if line.startswith(gram, i):
                    befores.append(line[:i][::-1][:CONTEXT] + "\0")
                    afters.append(line[i + len(gram):][:CONTEXT] + "\0")

    def common(strings):
        out = ""
        for chars in zip(*strings):
            if len(set(chars)) > 1 or chars[0] == "\0":
                break
            out += chars[0]
        return out
    return common(befores)[::-1], common(afters)


def _tf_class(count):
    return (count > 1) + (count > 2) + (count > 4)


@settings(max_examples=80, deadline=None)
@given(texts, st.integers(1, 4), st.integers(1, 60), st.integers(1, 30))
def test_grams_equal_a_brute_force_scan(docs, min_df, batch_chars, chunk_pairs):
    result = _grams(docs, min_df, batch_chars=batch_chars, chunk_pairs=chunk_pairs)
    expected = _scan(docs)
    stored = {g for g, per in expected.items() if len(g) <= 2 or len(per) >= min_df}
    assert set(result) == stored
    for gram in stored:
        per = expected[gram]
        doc_ids, tf, head, positions, context = result[gram]
        if len(gram) == 4:
            assert context == _fixed_context(docs, gram)
        assert doc_ids == sorted(per)
        assert tf == [_tf_class(len(per[d])) for d in doc_ids]
        assert head == [per[d][0] < BODY_BASE for d in doc_ids]
        if len(gram) == 2:
            nums, i = vlq_decode(positions), 0
            for d in doc_ids:
                count = nums[i] + 1
                found = [sum(nums[i + 1:i + 2 + k]) for k in range(count)]
                assert found == per[d]
                i += count + 1
            assert i == len(nums)
        else:
            assert positions is None


def _decode_data(text, documents):
    """A term's document data (terms.py) as (docs, tf classes, head flags)."""
    if text[0] == "v":
        docs, tf, head, at = [], [], [], -1
        for v in vlq_decode(text[1:]):
            at += (v >> 3) + 1
            docs.append(at)
            tf.append((v >> 1) & 3)
            head.append(bool(v & 1))
        return docs, tf, head
    parts = text[1:].split(".")
    docs = decode_set(parts[0], documents)
    n = len(docs)
    head = [False] * n
    for k in decode_set(parts[1], n):
        head[k] = True
    tf = [0] * n
    twice = decode_set(parts[2], n)
    thrice = decode_set(parts[3], len(twice))
    five = decode_set(parts[4], len(thrice))
    for k in twice:
        tf[k] = 1
    for k in thrice:
        tf[twice[k]] = 2
    for k in five:
        tf[twice[thrice[k]]] = 3
    return docs, tf, head


def test_only_terms_many_documents_hold_get_snippet_entries():
    articles = [_article(i + 1, h, b, f"2020-02-{1 + i % 28:02d}") for i, (h, b) in enumerate(_big_archive())]
    for least in (9, 10):
        files = build_files(articles, [], url_for, IndexOptions(snippet_docs=least))
        shards = {name: _data(text) for name, text in files.items()}
        assert shards["index.js"]["snippetDocs"] == least
        entries = {term: entry for name, shard in shards.items() if name.startswith("t/") for term, entry in shard.items()}
        shown = {term for name, shard in shards.items() if name.startswith("s/") for term in shard}
        assert entries["甲乙"][0] == 9 and ("甲乙" in shown) == (least == 9) and "社区" in shown
        assert shown == {term for term, entry in entries.items() if entry[0] >= least}


def _big_archive():
    """Many documents where some terms are in most of them: both forms of document data."""
    docs = []
    for i in range(300):
        body = "社区" * (1 + i % 6) + (" 花园" if i % 3 else "") + (" 甲乙" if i % 37 == 0 else "")
        docs.append(("社区新闻" if i % 4 == 0 else "标题", body))
    return docs


@settings(max_examples=40, deadline=None)
@given(texts)
def test_document_data_decodes_to_the_grams(docs):
    check_document_data(docs)


def check_document_data(docs):
    for grams in build_grams(docs, 1):
        data = document_data(grams, len(docs))
        for i in range(len(grams.terms)):
            a, b = grams.bounds[i], grams.bounds[i + 1]
            assert _decode_data(data[i], len(docs)) == (
                grams.docs[a:b].tolist(), grams.tf_class[a:b].tolist(), grams.head[a:b].tolist())


def test_common_terms_are_stored_as_sets_and_rare_ones_as_numbers():
    docs = _big_archive()
    check_document_data(docs)
    forms = {}
    for grams in build_grams(docs, 1):
        forms.update(zip(grams.terms, document_data(grams, len(docs))))
    assert forms["社区"].startswith("sa.")  # in every document; heads and tf classes as sets
    assert forms["花园"].startswith("sb")  # two documents in three: a bitmap
    assert forms["甲乙"].startswith("v")  # rare


def test_summaries_equal_a_full_ranking_and_a_facet_count():
    docs = _big_archive()
    articles = [_article(i + 1, h, b, f"2020-01-{1 + i % 28:02d}") for i, (h, b) in enumerate(docs)]
    articles = [a if i % 5 else _with_kind(a, "photo") for i, a in enumerate(articles)]
    table = facet_table(articles, [])
    groups = table.count_groups()
    total_values = sum(len(table.names[f]) for f in FACETS)
    page = 7
    checked = 0
    for grams in build_grams(docs, 1):
        sizes = np.diff(grams.bounds)
        counts = term_counts(groups, np.repeat(np.arange(len(grams.terms)), sizes), grams.docs,
                             len(grams.terms), total_values)
        texts, first_pages = summaries(grams, len(docs), page, counts[sizes > page])
        for i, summary in enumerate(texts):
            a, b = grams.bounds[i], grams.bounds[i + 1]
            if sizes[i] <= page:
                assert summary == ""
                continue
            ids, tf, head = grams.docs[a:b].tolist(), grams.tf_class[a:b].tolist(), grams.head[a:b].tolist()
            best = sorted(zip(ids, tf, head), key=lambda x: (-x[2], -x[1], -x[0]))
            relevance, newest, facet_counts = summary.split(".")
            assert [len(docs) - 1 - v for v in vlq_decode(relevance)] == [d for d, _, _ in best[:page]] == first_pages[i]
            gaps = vlq_decode(newest)
            newest_ids = [len(docs) - 1 - gaps[0]]
            for gap in gaps[1:]:
                newest_ids.append(newest_ids[-1] - gap - 1)
            assert newest_ids == sorted(ids, reverse=True)[:page]
            expected = Counter()
            offsets = table.offsets
            for d in ids:
                for f in FACETS:
                    expected.update(offsets[f] + v for v in table.values[d][f])
            nums, got, at = vlq_decode(facet_counts), {}, -1
            for gap, count in zip(nums[0::2], nums[1::2]):
                at += gap + 1
                got[at] = count
            assert got == dict(expected)
            checked += 1
    assert checked > 5


def test_facet_blocks_name_each_documents_values():
    articles = [_with_kind(_article(i, "题", "文", "2021-01-01"), ("article", "photo", "notice")[i % 3]) for i in range(1, 200)]
    table = facet_table(articles, [])
    per = 64
    shared, blocks = table.blocks(per)
    assert shared is not None and all(len(b) == 1 for b in blocks)  # three kinds: one small table
    _, own = table.blocks(per, shared_bytes=0)
    assert all(len(b) == 2 for b in own)
    for n, block in enumerate(blocks + own):
        combos, ids = (shared, block[0]) if len(block) == 1 else block
        n %= len(blocks)
        width = 1 if len(combos) <= 64 else 2
        for k in range(len(ids) // width):
            row = 0
            for ch in ids[k * width:(k + 1) * width]:
                row = row * 64 + ALPHABET.index(ch)
            values = table.values[n * per + k]
            assert combos[row] == [values[f] for f in COMBINED]


# --- files ------------------------------------------------------------------------------------

def _article(n, title, body, date=None, duplicate_of=None):
    return Article(id=f"x-{n:03d}", issue="x", seq=n, source=SourceSpan("seeds/x.txt", n, n), kind="article",
                   title=title, body=body, date=date, duplicate_of=duplicate_of)


def _with_kind(article, kind):
    import dataclasses

    return dataclasses.replace(article, kind=kind)


ARTICLES = [
    _article(1, "社区花园", "## 小标题\n\n居民在社区花园里种菜。", "2023-05-01"),
    _article(2, "垃圾分类", "垃圾分类进小区。", "2022-01-02"),
    _article(3, "重复", "垃圾分类进小区。", "2022-01-02", duplicate_of="x-002"),
    _article(4, "无日期", "没有日期的记录。"),
]


def url_for(a):
    return f"issues/{a.issue}/{a.seq:03d}.html"


def _data(text):
    return read_file_text(text)


def test_documents_are_in_date_order_without_duplicates_and_headings_are_stripped():
    files = build_files(ARTICLES, [], url_for)
    rows = []
    for name in sorted(f for f in files if f.startswith("m/")):
        rows += meta_rows(_data(files[name]))
    # issue 19: a record without a date is placed by its date label (gazette/dates.py), here the
    # months of its issue's other records, so it follows them; one with nothing known goes first
    assert [r[1] for r in rows] == ["垃圾分类", "社区花园", "无日期"]
    assert [r[4] for r in rows] == [[0], [0], [0]]  # kind by index: "article" is the only one
    texts = []
    for name in sorted(f for f in files if f.startswith("x/")):
        texts += _data(files[name])
    assert texts[1] == "社区花园\n小标题\n\n居民在社区花园里种菜。"
    index = _data(files["index.js"])
    assert index["facets"]["year"] == ["2022", "2023"]
    # the undated record takes the year of its issue's other records' months (its date label)
    assert [decode_set(s, 3) for s in index["years"]] == [[0], [1, 2]]


def test_display_rows_share_what_neighbours_share():
    rows = [["issues/a/001.html", "甲", "2023-01-05", "崇川报 第1版", [0], [1], [], []],
            ["issues/a/002.html", "乙", "2023-01-05", "崇川报 第1版", [0], [1], [2], [3, 4]],
            ["issues/b/001.html", "丙", "2023-01-05", "崇川报 第2版", [1], [], [], []],
            ["top.html", "丁", "", "", [0], [], [], []]]
    groups, packed = meta_file(rows)
    assert len(groups) == 3 and [r[0] for r in packed] == [0, 0, 1, 2] and packed[1][1] == "002.html"
    assert meta_rows([groups, packed]) == rows


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


def test_shard_count_is_a_bounded_power_of_two():
    files = build_files(ARTICLES, [], url_for, IndexOptions(term_shard_bytes=10, max_term_shards=8))
    assert sum(f.startswith("t/") for f in files) == 8
    files = build_files(ARTICLES, [], url_for, IndexOptions(term_shard_bytes=10**9))
    assert sum(f.startswith("t/") for f in files) == 1


def _filed_under(term, entry):
    """(d/ file number, key there) of a term whose data is in d/: its own, or a term's with the
    same data."""
    return tuple(entry[1]) if isinstance(entry[1], list) else (entry[1], term)


def test_every_kind_of_file_stays_within_its_bound_and_every_term_is_found():
    articles = [_article(i + 1, h, b, f"2020-02-{1 + i % 28:02d}") for i, (h, b) in enumerate(_big_archive())]
    options = IndexOptions(page=3, inline_chars=0, term_shard_bytes=1, max_term_shards=16, data_file_bytes=1,
                           max_data_files=5, position_shard_bytes=1, max_position_shards=4, max_meta_files=7,
                           max_text_files=3, max_facet_files=2, min_docs_per_facet_file=1, gram_docs=2,
                           snippet_shard_bytes=1, max_snippet_shards=8)
    files = build_files(articles, [], url_for, options)
    kinds = Counter(name.split("/")[0] for name in files if "/" in name)
    assert 1 < kinds.pop("d") <= 5  # packed: items of half a file or more sit alone
    assert kinds == {"t": 16, "s": 8, "p": 4, "m": 7, "x": 3, "f": 2}
    shards = {name: _data(text) for name, text in files.items()}
    index = shards["index.js"]
    for term in ("社区", "社区新闻", "花园", "甲乙", "区社区"):
        entry = shards[f"t/{term_hash(term) & (index['shards']['t'] - 1)}.js"][term]
        number, key = _filed_under(term, entry)
        data = shards[f"d/{number}.js"][key]  # inline_chars=0: every term's data is in d/
        docs, _, _ = _decode_data(data, len(articles))
        in_order = searchable(articles)  # document ids are in date order
        assert docs == [i for i, a in enumerate(in_order) if term in a.title or term in a.body] and entry[0] == len(docs)
        if len(term) == 2:
            assert term in shards[f"p/{term_hash(term) & (index['shards']['p'] - 1)}.js"] and len(entry) < 4


def test_data_files_are_packed_and_a_large_item_sits_alone():
    items = {f"词{i}": "v" + "A" * (3000 if i % 7 == 0 else 300) for i in range(60)}
    placed = {}
    files = {f"d/{n}.js": file_text(kind, n, payload) for kind, n, payload in _packed(dict(items), 4000, 100, placed)}
    assert set(placed) == set(items)
    for name, text in files.items():
        held = _data(text)
        assert held == {term: items[term] for term in held}
        assert len(held) == 1 or all(len(v) < 2000 for v in held.values())
        assert len(text.encode()) < 4000 + 200 or len(held) == 1
    assert len(files) <= 100 and sum(len(_data(t)) > 1 for t in files.values()) > 3


def test_a_large_data_item_sits_alone_when_few_files_raise_the_aim():
    items = {f"词{i}": "v" + "A" * (3000 if i % 7 == 0 else 300) for i in range(60)}
    placed = {}
    files = [_data(file_text(*made)) for made in _packed(dict(items), 4000, 20, placed)]
    assert len(files) <= 20 and set(placed) == set(items)
    assert all(len(held) == 1 for held in files if any(len(v) > 2000 for v in held.values()))
    # more large items than half the files allow: they share, and the bound holds
    many = {f"词{i}": "v" + "A" * 3000 for i in range(30)}
    assert len(list(_packed(dict(many), 4000, 8, {}))) <= 8


def test_the_same_document_data_is_stored_once():
    # 花园 and 园路 are held by the same documents, as often and in the same fields
    articles = [_article(i + 1, "题", ("社区花园路" if i % 3 else "社区") + "。", "2020-02-01") for i in range(12)]
    files = build_files(articles, [], url_for, IndexOptions(inline_chars=0, gram_docs=1))
    shards = {name: _data(text) for name, text in files.items()}
    entries = {term: entry for name, shard in shards.items() if name.startswith("t/") for term, entry in shard.items()}
    stored = {term: data for name, shard in shards.items() if name.startswith("d/") for term, data in shard.items()}
    assert len(set(stored.values())) == len(stored)  # no data twice
    where = {}
    for term, entry in entries.items():
        number, key = where[term] = _filed_under(term, entry)
        assert key in shards[f"d/{number}.js"]
        docs, _, _ = _decode_data(stored[key], len(articles))
        assert docs == [i for i, a in enumerate(searchable(articles)) if term in a.title or term in a.body]
    assert where["园路"] == where["花园"] == where["园"] != where["社区"]


def test_windows_are_cut_around_the_first_match_with_the_cuts_marked():
    text = "甲" * 30 + "社区" + "乙" * 30
    assert window(text, 30, 5, 10) == "3" + "甲" * 5 + "社区" + "乙" * 3  # cut on both sides
    assert window(text, 3, 5, 10) == "2" + "甲" * 10  # starts at 0
    assert window("短文", -1, 5, 10) == "0短文"  # not in the text (a title hit): from the start
    assert window(text, 57, 5, 10) == "1" + text[52:]  # ends with the text
    assert snippet_source("题\n副题一\n副题二", "甲\n\n乙\n丙") == "副题一 副题二 甲 乙 丙"
    assert snippet_source("题", "正文") == "正文"


def test_snippet_files_hold_the_first_page_with_windows():
    articles = [_article(i + 1, h, b, f"2020-02-{1 + i % 28:02d}") for i, (h, b) in enumerate(_big_archive())]
    articles.append(_article(400, "有标题", "前言。" * 20 + "社区花园在ＡＢ路。", "2020-03-01"))
    options = IndexOptions(page=4, snippet_lead=3, snippet_chars=12, gram_docs=1)
    files = build_files(articles, [], url_for, options)
    shards = {name: _data(text) for name, text in files.items()}
    index = shards["index.js"]
    assert index["snippet"] == [3, 12]
    docs = searchable(articles)
    rows = [r for n in range(sum(f.startswith("m/") for f in shards)) for r in meta_rows(shards[f"m/{n}.js"])]
    # without s/ entries, every summary keeps its facet counts in t/
    whole = {name: _data(text) for name, text in build_files(articles, [], url_for, replace(options, snippet_docs=10**6)).items()}
    summarized = 0
    for term in ("社区", "花园", "甲乙", "社区花园", "ab路", "有标"):  # the last only in a title
        entry = shards[f"t/{term_hash(term) & (index['shards']['t'] - 1)}.js"][term]
        counts, shown = shards[f"s/{term_hash(term) & (index['shards']['s'] - 1)}.js"][term]
        full = whole[f"t/{term_hash(term) & (whole['index.js']['shards']['t'] - 1)}.js"][term]
        holding = [i for i, a in enumerate(docs) if term in fold(head_text(a)) or term in fold(body_text(a))]
        if len(entry) > 2 and entry[2]:  # a summary: its first page by relevance; its counts in s/
            summarized += 1
            assert entry[2].count(".") == 1 and counts and f"{entry[2]}.{counts}" == full[2]
            first = [len(docs) - 1 - v for v in vlq_decode(entry[2].split(".")[0])]
            assert len(shown) == len(first) == options.page
        else:  # every document, in id order
            assert counts == "" and (len(full) < 3 or not full[2])
            first = holding
            assert len(shown) == len(holding) <= options.page
        for doc, row in zip(first, shown):
            assert row[:-1] == rows[doc]
            source = snippet_source(head_text(docs[doc]), body_text(docs[doc]))
            assert row[-1] == window(source, fold(source).find(term), 3, 12)
            if term in fold(source):
                assert term in fold(row[-1])
    assert summarized >= 3


@settings(max_examples=50, deadline=None)
@given(st.sampled_from("itsdpfmx"), st.recursive(
    st.one_of(st.integers(-10**6, 10**6), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4))))
def test_an_index_file_gives_back_its_data_packed_or_not(kind, value):
    payload = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    packed, plain = file_text(kind, 7, payload), file_text(kind, 7, payload, packed=False)
    assert read_file_text(packed) == read_file_text(plain) == value
    assert packed.endswith(',"z");\n') == (kind in PACKED)
    assert plain == f'window.__gazetteShard("{kind}",7,{payload});\n'


def test_packed_files_hold_the_same_index_as_plain_ones():
    packed = build_files(ARTICLES, [], url_for)
    plain = build_files(ARTICLES, [], url_for, IndexOptions(packed=False))
    assert packed.keys() == plain.keys()
    assert {name: _data(text) for name, text in packed.items()} == {name: _data(text) for name, text in plain.items()}
    assert any(text != plain[name] for name, text in packed.items())


def test_the_client_reads_the_format_the_writer_writes():
    from gazette.search.writer import FORMAT
    from tests.search.archive import ROOT

    script = (ROOT / "templates" / "static" / "search.js").read_text(encoding="utf-8")
    assert re.findall(r"var FORMAT = (\d+);", script) == [str(FORMAT)]
    assert _data(build_files(ARTICLES, [], url_for)["index.js"])["format"] == FORMAT
