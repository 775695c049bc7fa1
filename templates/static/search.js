// Static full-text search (issue 5). The index is written by gazette/search/ as small script
// files that call window.__gazetteShard(kind, id, data), so it loads from file:// and over HTTP.
// A phrase matches a record when it occurs contiguously in the title, headlines or body:
// characters and bigrams come from document lists; longer phrases are confirmed by lining up
// the positions of bigrams that cover them. Exposes window.gazetteSearch for tests and tools.
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  if (!form) return;
  var INDEX = form.getAttribute("data-index");
  var ROOT = form.getAttribute("data-root") || "";
  var PAGE = 10;
  var FACETS = ["district", "street", "program", "year", "kind"];
  var KIND_LABELS = { article: "文章", photo: "图片", notice: "启事" };

  // --- text: mirrors gazette/search/text.py ---------------------------------------------------
  function foldChar(ch) {
    var c = ch.charCodeAt(0);
    if (c >= 65 && c <= 90) return String.fromCharCode(c + 32);
    if (c >= 0xff01 && c <= 0xff5e) {
      var a = c - 0xfee0;
      return String.fromCharCode(a >= 65 && a <= 90 ? a + 32 : a);
    }
    return " ";  // U+3000, U+00A0, tab, vertical tab, form feed, carriage return
  }
  function fold(text) {
    return text.replace(/[A-Z\uff01-\uff5e\u3000\u00a0\t\u000b\f\r]/g, foldChar);
  }
  function phrasesOf(query) {
    var out = [];
    fold(query).split(/[ \n]+/).forEach(function (p) {
      if (p && out.indexOf(p) < 0) out.push(p);
    });
    return out;
  }

  // --- codec: mirrors gazette/search/codec.py -------------------------------------------------
  var DIGIT = new Int8Array(128).fill(-1);
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach(function (ch, i) {
    DIGIT[ch.charCodeAt(0)] = i;
  });
  function decode(text) {
    var out = [], value = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var d = DIGIT[text.charCodeAt(i)];
      value += (d & 31) * Math.pow(2, shift);
      if (d & 32) { shift += 5; } else { out.push(value); value = 0; shift = 0; }
    }
    return out;
  }
  function termHash(term) {
    var h = 0x811c9dc5;
    for (var ch of term) { h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0; }
    return h >>> 0;
  }

  // --- loading --------------------------------------------------------------------------------
  var loaded = {}, waiting = {};
  window.__gazetteShard = function (kind, id, data) {
    var key = kind + id;
    loaded[key] = data;
    (waiting[key] || []).forEach(function (w) { w[0](data); });
    delete waiting[key];
  };
  function load(kind, id) {
    var key = kind + id;
    if (key in loaded) return Promise.resolve(loaded[key]);
    return new Promise(function (resolve, reject) {
      if (waiting[key]) { waiting[key].push([resolve, reject]); return; }
      waiting[key] = [[resolve, reject]];
      var script = document.createElement("script");
      script.src = INDEX + (kind === "i" ? "index.js" : kind + "/" + id + ".js");
      script.async = true;
      script.onerror = function () {
        (waiting[key] || []).forEach(function (w) { w[1](new Error("cannot load " + script.src)); });
        delete waiting[key];
      };
      document.head.appendChild(script);
    });
  }

  // An id set from gazette/search/writer.py _id_set: g = gaps, r = runs, c = runs of absent ids.
  function decodeSet(text, count) {
    var nums = decode(text.slice(1)), ids = [], at = -1, i, k;
    if (text[0] === "g") {
      for (i = 0; i < nums.length; i++) { at += nums[i] + 1; ids.push(at); }
      return ids;
    }
    var inRuns = [];
    for (i = 0, at = 0; i < nums.length; i += 2) {
      at += nums[i];
      for (k = 0; k <= nums[i + 1]; k++, at++) inRuns.push(at);
    }
    if (text[0] === "r") return inRuns;
    var absent = new Uint8Array(count);
    inRuns.forEach(function (d) { absent[d] = 1; });
    for (i = 0; i < count; i++) if (!absent[i]) ids.push(i);
    return ids;
  }

  var meta = null;       // index.js
  var facetOf = null;    // facet → array over documents of value lists
  function loadIndex() {
    if (meta) return Promise.resolve(meta);
    return load("i", 0).then(function (data) {
      meta = data;
      facetOf = {};
      FACETS.forEach(function (facet) {
        var perDoc = new Array(data.documents);
        data.facets[facet].forEach(function (entry, valueIndex) {
          decodeSet(entry[1], data.documents).forEach(function (doc) {
            (perDoc[doc] || (perDoc[doc] = [])).push(valueIndex);
          });
        });
        facetOf[facet] = perDoc;
      });
      return data;
    });
  }

  // --- postings -------------------------------------------------------------------------------
  var lists = {};      // term → {docs, tf, head} (document list)
  var positions = {};  // term → {start, flat}     (aligned with the document list)
  function shardOf(term, kind) { return termHash(term) & (meta.shards[kind] - 1); }
  function docList(term) {
    if (lists[term]) return Promise.resolve(lists[term]);
    return load("t", shardOf(term, "t")).then(function (shard) {
      if (lists[term]) return lists[term];
      var nums = shard[term] ? decode(shard[term]) : [];
      var n = nums.length, docs = new Int32Array(n), tf = new Uint8Array(n), head = new Uint8Array(n);
      var doc = -1;
      for (var i = 0; i < n; i++) {
        var v = nums[i];
        doc += Math.floor(v / 8) + 1;
        docs[i] = doc;
        tf[i] = [1, 2, 3, 5][(v >> 1) & 3];
        head[i] = v & 1;
      }
      return (lists[term] = { docs: docs, tf: tf, head: head });
    });
  }
  function positionList(term) {
    if (positions[term]) return Promise.resolve(positions[term]);
    return load("p", shardOf(term, "p")).then(function (shard) {
      if (positions[term]) return positions[term];
      var nums = decode(shard[term] || ""), start = [0], flat = [];
      for (var i = 0; i < nums.length;) {
        var count = nums[i++] + 1, at = 0;
        for (var k = 0; k < count; k++) { at = k === 0 ? nums[i++] : at + nums[i++]; flat.push(at); }
        start.push(flat.length);
      }
      return (positions[term] = { start: start, flat: flat });
    });
  }
  function indexOfDoc(docs, doc) {
    var lo = 0, hi = docs.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (docs[mid] < doc) lo = mid + 1; else if (docs[mid] > doc) hi = mid - 1; else return mid;
    }
    return -1;
  }

  // One phrase → Map(doc → {tf, head}). Exact: see the header comment.
  function matchPhrase(phrase) {
    var chars = Array.from(phrase);
    if (chars.length <= 2) {
      return docList(phrase).then(function (list) {
        var hits = new Map();
        for (var i = 0; i < list.docs.length; i++) hits.set(list.docs[i], { tf: list.tf[i], head: list.head[i] });
        return hits;
      });
    }
    var grams = [];
    for (var i = 0; i + 1 < chars.length; i++) grams.push(chars[i] + chars[i + 1]);
    return Promise.all(grams.map(docList)).then(function (gramLists) {
      // candidates: documents holding every bigram, walked from the rarest list
      var order = gramLists.map(function (l, i) { return i; }).sort(function (a, b) {
        return gramLists[a].docs.length - gramLists[b].docs.length;
      });
      var candidates = Array.from(gramLists[order[0]].docs);
      for (var r = 1; r < order.length && candidates.length; r++) {
        var docs = gramLists[order[r]].docs;
        candidates = candidates.filter(function (d) { return indexOfDoc(docs, d) >= 0; });
      }
      if (!candidates.length) return new Map();
      var cover = cheapestCover(gramLists.map(function (l) {
        var total = 0;
        for (var i = 0; i < l.tf.length; i++) total += l.tf[i];
        return total;
      }));
      return Promise.all(cover.map(function (g) { return positionList(grams[g]); })).then(function (posLists) {
        var hits = new Map();
        candidates.forEach(function (doc) {
          var sets = cover.map(function (g, c) {
            var k = indexOfDoc(gramLists[g].docs, doc), p = posLists[c];
            return p.flat.slice(p.start[k], p.start[k + 1]);
          });
          var anchor = 0;
          sets.forEach(function (s, c) { if (s.length < sets[anchor].length) anchor = c; });
          var lookups = sets.map(function (s) { return new Set(s); });
          var tf = 0, head = 0;
          sets[anchor].forEach(function (p) {
            var begin = p - cover[anchor];
            for (var c = 0; c < cover.length; c++) {
              if (c !== anchor && !lookups[c].has(begin + cover[c])) return;
            }
            tf++;
            if (begin < meta.bodyBase) head = 1;
          });
          if (tf) hits.set(doc, { tf: tf, head: head });
        });
        return hits;
      });
    });
  }
  // Bigram offsets whose union covers every character of the phrase, with the fewest
  // positions to decode (gram g covers characters g and g + 1, so after gram g the next chosen
  // gram is g + 1 or g + 2; the first chosen is 0 and the last is n - 1).
  function cheapestCover(costs) {
    var n = costs.length, best = [costs[0]], from = [-1];
    for (var g = 1; g < n; g++) {
      best[g] = Infinity;
      for (var p = Math.max(0, g - 2); p < g; p++) {
        if (best[p] + costs[g] < best[g]) { best[g] = best[p] + costs[g]; from[g] = p; }
      }
    }
    var cover = [];
    for (var at = n - 1; at >= 0; at = from[at]) cover.unshift(at);
    return cover;
  }

  // --- query evaluation -----------------------------------------------------------------------
  function facetOK(doc, filters, skip) {
    for (var f in filters) {
      if (f === skip || !filters[f].length) continue;
      var values = facetOf[f][doc];
      if (!values || !values.some(function (v) { return filters[f].indexOf(v) >= 0; })) return false;
    }
    return true;
  }
  function selectedIndexes(params) {
    var filters = {};
    FACETS.forEach(function (f) {
      var names = meta.facets[f].map(function (e) { return e[0]; });
      filters[f] = (params[f] || []).map(function (v) { return names.indexOf(v); })
        .filter(function (i) { return i >= 0; });
    });
    return filters;
  }

  // params: {q: string, sort: "relevance"|"date", district: [names], ...}
  function search(params) {
    return loadIndex().then(function () {
      var phrases = phrasesOf(params.q || "");
      var filters = selectedIndexes(params);
      var anyFilter = FACETS.some(function (f) { return filters[f].length; });
      if (!phrases.length && !anyFilter) return { phrases: [], docs: [], counts: emptyCounts(), total: 0 };
      var matching = phrases.length ? Promise.all(phrases.map(matchPhrase)) : Promise.resolve(null);
      return matching.then(function (perPhrase) {
        var scored = [];
        var universe = perPhrase ? smallestKeys(perPhrase) : allDocs();
        universe.forEach(function (doc) {
          var heads = 0, score = 0;
          if (perPhrase) {
            for (var i = 0; i < perPhrase.length; i++) {
              var hit = perPhrase[i].get(doc);
              if (!hit) return;
              var idf = Math.log(1 + (meta.documents - perPhrase[i].size + 0.5) / (perPhrase[i].size + 0.5));
              score += idf * hit.tf * 2.2 / (hit.tf + 1.2);
              heads += hit.head;
            }
          }
          scored.push({ doc: doc, heads: heads, score: score });
        });
        var counts = {};
        FACETS.forEach(function (f) {
          counts[f] = meta.facets[f].map(function () { return 0; });
          scored.forEach(function (s) {
            if (!facetOK(s.doc, filters, f)) return;
            (facetOf[f][s.doc] || []).forEach(function (v) { counts[f][v]++; });
          });
        });
        var kept = scored.filter(function (s) { return facetOK(s.doc, filters, null); });
        kept.sort(params.sort === "date" || !perPhrase
          ? function (a, b) { return b.doc - a.doc; }
          : function (a, b) { return b.heads - a.heads || b.score - a.score || b.doc - a.doc; });
        return { phrases: phrases, docs: kept.map(function (s) { return s.doc; }), counts: namedCounts(counts), total: kept.length };
      });
    });
  }
  function smallestKeys(maps) {
    var smallest = maps.reduce(function (a, b) { return a.size <= b.size ? a : b; });
    return Array.from(smallest.keys());
  }
  function allDocs() {
    var out = [];
    for (var d = 0; d < meta.documents; d++) out.push(d);
    return out;
  }
  function emptyCounts() {
    var counts = {};
    FACETS.forEach(function (f) { counts[f] = {}; });
    return counts;
  }
  function namedCounts(counts) {
    var named = {};
    FACETS.forEach(function (f) {
      named[f] = {};
      counts[f].forEach(function (n, i) { if (n) named[f][meta.facets[f][i][0]] = n; });
    });
    return named;
  }
  function docMeta(doc) {
    var per = meta.perFile.m;
    return load("m", Math.floor(doc / per)).then(function (rows) {
      var r = rows[doc % per];
      function names(facet, indexes) { return indexes.map(function (i) { return meta.facets[facet][i][0]; }); }
      return { url: r[0], title: r[1], date: r[2], issue: r[3], kind: names("kind", r[4])[0],
               district: names("district", r[5]), street: names("street", r[6]), program: names("program", r[7]) };
    });
  }
  // Snippet text. Over HTTP it comes from the article page itself (the archive already has one
  // file per record, so the index needs no per-record files); from file://, where pages cannot
  // be read, from the x/ files, which bundle many records each (local reads cost little).
  function docText(doc, url) {
    if (location.protocol !== "file:" && window.fetch) {
      return fetch(ROOT + url).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      }).then(pageText).catch(function () { return storedText(doc); });
    }
    return storedText(doc);
  }
  function storedText(doc) {
    var per = meta.perFile.x;
    return load("x", Math.floor(doc / per)).then(function (rows) { return rows[doc % per]; });
  }
  function pageText(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var scope = page.querySelector("article") || page.querySelector("main") || page.body;
    var title = scope.querySelector("h1");
    var blocks = Array.from(scope.querySelectorAll("p, h2, h3, h4, li, blockquote, figcaption"))
      .map(function (el) { return el.textContent.trim(); }).filter(Boolean);
    return (title ? title.textContent.trim() : "") + "\n" + blocks.join("\n");
  }

  // --- snippets -------------------------------------------------------------------------------
  // Ranges [start, end) of every occurrence of every phrase in text (positions in the folded
  // text equal positions in the text: folding keeps lengths).
  function matchRanges(text, phrases) {
    var folded = fold(text), ranges = [];
    phrases.forEach(function (p) {
      for (var at = folded.indexOf(p); at >= 0; at = folded.indexOf(p, at + 1)) ranges.push([at, at + p.length]);
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return merged;
  }
  function appendMarked(parent, text, ranges, offset) {
    var at = 0;
    ranges.forEach(function (r) {
      var s = Math.max(0, r[0] - offset), e = Math.min(text.length, r[1] - offset);
      if (e <= 0 || s >= text.length) return;
      if (s > at) parent.appendChild(document.createTextNode(text.slice(at, s)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(Math.max(s, at), e);
      parent.appendChild(mark);
      at = e;
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }
  function snippet(fullText, phrases) {
    var cut = fullText.indexOf("\n");
    var body = cut < 0 ? "" : fullText.slice(cut + 1).replace(/\n+/g, " ");
    var ranges = matchRanges(body, phrases), width = 140;
    var start = ranges.length ? Math.max(0, ranges[0][0] - 30) : 0;
    var text = body.slice(start, start + width);
    var p = document.createElement("p");
    p.className = "search-snippet";
    if (start > 0) p.appendChild(document.createTextNode("…"));
    appendMarked(p, text, ranges, start);
    if (start + width < body.length) p.appendChild(document.createTextNode("…"));
    return p;
  }

  // --- page -----------------------------------------------------------------------------------
  var input = form.querySelector("input[name=q]");
  var sortSelect = form.querySelector("select[name=sort]");
  var status = document.getElementById("search-status");
  var resultsList = document.getElementById("search-results");
  var facetBox = document.getElementById("search-facets");
  var moreButton = document.getElementById("search-more");
  var state = { params: null, result: null, shown: 0 };
  var generation = 0;

  function paramsFromURL() {
    var url = new URLSearchParams(location.search), params = { q: url.get("q") || "", sort: url.get("sort") === "date" ? "date" : "relevance" };
    FACETS.forEach(function (f) { params[f] = url.getAll(f); });
    return params;
  }
  function queryString(params) {
    var url = new URLSearchParams();
    if (params.q) url.set("q", params.q);
    FACETS.forEach(function (f) { (params[f] || []).forEach(function (v) { url.append(f, v); }); });
    if (params.sort === "date") url.set("sort", "date");
    var s = url.toString();
    return s ? "?" + s : location.pathname.split("/").pop();
  }
  function setURL(params, push) {
    try {
      history[push ? "pushState" : "replaceState"](null, "", queryString(params));
    } catch (e) { /* some browsers refuse history changes on file:// pages */ }
  }

  function run(params, push) {
    var mine = ++generation;
    state.params = params;
    input.value = params.q;
    if (sortSelect) sortSelect.value = params.sort;
    resultsList.setAttribute("data-state", "loading");
    status.textContent = "正在搜索…";
    setURL(params, push);
    var started = performance.now();
    return search(params).then(function (result) {
      if (mine !== generation) return;
      state.result = result;
      state.shown = 0;
      state.ms = performance.now() - started;
      resultsList.textContent = "";
      renderFacets(result, params);
      if (!result.phrases.length && !FACETS.some(function (f) { return params[f].length; })) {
        status.textContent = "输入要查找的字词，多个词用空格分开。";
      } else {
        status.textContent = result.total ? "找到 " + result.total + " 条记录" : "没有找到记录";
      }
      return showMore(mine);
    }).then(function () {
      if (mine !== generation) return;
      resultsList.setAttribute("data-total", String(state.result.total));
      resultsList.setAttribute("data-ms", (performance.now() - started).toFixed(1));
      resultsList.setAttribute("data-state", "done");
    }, function (error) {
      status.textContent = "搜索索引无法载入：" + error.message;
      resultsList.setAttribute("data-state", "error");
    });
  }

  function showMore(mine) {
    var result = state.result, from = state.shown, docs = result.docs.slice(from, from + PAGE);
    state.shown += docs.length;
    moreButton.hidden = state.shown >= result.total;
    var items = docs.map(function (doc) {
      var li = document.createElement("li");
      resultsList.appendChild(li);
      return docMeta(doc).then(function (m) {
        if (mine !== generation) return;
        renderItem(li, m, result.phrases);
        return docText(doc, m.url).then(function (text) {
          if (mine === generation) li.appendChild(snippet(text, result.phrases));
        });
      });
    });
    return Promise.all(items);
  }

  function renderItem(li, m, phrases) {
    var h = document.createElement("h2"), a = document.createElement("a");
    a.href = ROOT + m.url + (state.params.q ? "?q=" + encodeURIComponent(state.params.q) : "");
    appendMarked(a, m.title, matchRanges(m.title, phrases), 0);
    h.appendChild(a);
    li.appendChild(h);
    var info = document.createElement("p");
    info.className = "search-meta";
    var bits = [m.date || "日期不详", "期号 " + m.issue, KIND_LABELS[m.kind] || m.kind]
      .concat(m.district, m.street, m.program);
    info.textContent = bits.join(" · ");
    li.appendChild(info);
  }

  var FACET_LABELS = { district: "区县", street: "街道", program: "项目", year: "年份", kind: "类型" };
  function renderFacets(result, params) {
    facetBox.textContent = "";
    FACETS.forEach(function (f) {
      var names = Object.keys(result.counts[f]).concat(params[f].filter(function (v) { return !(v in result.counts[f]); }));
      if (!names.length) return;
      names.sort(f === "year" ? function (a, b) { return a < b ? 1 : -1; }
        : function (a, b) { return (result.counts[f][b] || 0) - (result.counts[f][a] || 0) || (a < b ? -1 : 1); });
      var set = document.createElement("fieldset"), legend = document.createElement("legend");
      set.setAttribute("data-facet", f);
      legend.textContent = FACET_LABELS[f];
      set.appendChild(legend);
      names.forEach(function (name) {
        var label = document.createElement("label"), box = document.createElement("input");
        box.type = "checkbox";
        box.value = name;
        box.checked = params[f].indexOf(name) >= 0;
        box.addEventListener("change", function () {
          var next = Object.assign({}, state.params);
          next[f] = box.checked ? params[f].concat([name]) : params[f].filter(function (v) { return v !== name; });
          run(next, true);
        });
        var count = document.createElement("span");
        count.className = "facet-count";
        count.textContent = String(result.counts[f][name] || 0);
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + (f === "kind" ? KIND_LABELS[name] || name : name) + " "));
        label.appendChild(count);
        set.appendChild(label);
      });
      facetBox.appendChild(set);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var next = Object.assign({}, state.params, { q: input.value });
    run(next, true);
  });
  if (sortSelect) sortSelect.addEventListener("change", function () {
    run(Object.assign({}, state.params, { sort: sortSelect.value }), true);
  });
  moreButton.addEventListener("click", function () { showMore(generation); });
  window.addEventListener("popstate", function () { run(paramsFromURL(), false); });

  form.hidden = false;
  document.documentElement.classList.add("search-ready");
  window.gazetteSearch = {
    search: search,
    urls: function (params) {
      return search(params).then(function (r) {
        return Promise.all(r.docs.map(docMeta)).then(function (ms) {
          return { urls: ms.map(function (m) { return m.url; }), counts: r.counts };
        });
      });
    },
    state: state,
  };
  run(paramsFromURL(), false);
})();
