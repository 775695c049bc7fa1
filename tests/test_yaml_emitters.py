"""Record files keep their bytes whichever YAML emitter writes them (issue 15).

frontmatter.py writes through libyaml's emitter for speed and through PyYAML's Python emitter for
the strings the two write differently; the output must be the Python emitter's in every case, or
a PyYAML upgrade (or a machine without libyaml) would rewrite curators' archives.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gazette import frontmatter

# Text with the characters where emitters disagree made likely: astral characters, NEL, line
# separators, BOM, control characters, YAML indicators, CJK.
chars = st.one_of(st.characters(), st.sampled_from(list("\x85\u2028\u2029\ufeff\x7f\x00\r\t\n :#'\"[]{}|>&*!%@`,?-"
                                                         "中文　，。“”𠀀😀")))
text = st.text(chars, max_size=12)
values = st.one_of(text, st.lists(text, max_size=3), st.dictionaries(text, text, max_size=2),
                   st.lists(st.dictionaries(st.sampled_from(["name", "matched"]), text, min_size=1), max_size=2),
                   st.integers(), st.none())


def python_only(data) -> str:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(frontmatter, "_same_in_both_emitters", lambda value: False)
        return frontmatter.dump_mapping(data)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "headlines", "byline_roles", "districts", "seq"]), values))
def test_dump_mapping_is_the_python_emitters_bytes(data):
    assert frontmatter.dump_mapping(data) == python_only(data)


def test_the_fast_emitter_is_used_for_ordinary_text():
    # The speed-up is real only if ordinary record values take the libyaml path.
    if not getattr(yaml, "__with_libyaml__", False):
        raise AssertionError("PyYAML without libyaml: install PyYAML's wheel (pip install --force-reinstall pyyaml)")
    assert issubclass(frontmatter._FastDumper, yaml.CSafeDumper)
    assert frontmatter._same_in_both_emitters(["崇川区“三聚三提”活动启动,春季学期", {"name": "红色物业", "position": 3}])
    assert not frontmatter._same_in_both_emitters(["𠀀"])
