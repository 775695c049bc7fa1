"""The build cache's fingerprints depend on values, not on which objects happen to be shared."""

from gazette.cache import fingerprint


def test_shared_and_separate_objects_hash_alike():
    # Records fresh from the parser share one string object; the same records read back from
    # the cache each hold a copy. A memoising pickle wrote these differently, and the second
    # build after any change re-tagged the whole corpus.
    shared = "".join(["南通", "日报"])
    fresh = [{"publication": shared}, {"publication": shared}]
    cached = [{"publication": "".join(["南通", "日报"])}, {"publication": "".join(["南通", "日报"])}]
    assert fresh[0]["publication"] is fresh[1]["publication"]
    assert cached[0]["publication"] is not cached[1]["publication"]
    assert fingerprint(fresh) == fingerprint(cached)


def test_different_values_hash_apart():
    assert fingerprint(["a", "b"]) != fingerprint(["a", "c"])
