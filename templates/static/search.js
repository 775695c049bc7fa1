// Static full-text search (issue 5). The index is written by gazette/search/ as small script
// files that call window.__gazetteShard(kind, id, data), so it loads from file:// and over HTTP;
// the layout is described in gazette/search/writer.py, the encodings in codec.py and terms.py.
// A phrase matches a record when it occurs contiguously in the title, headlines or body.
// Characters, bigrams and common three- and four-character grams are stored terms with exact
// document lists; a longer phrase inside the fixed context of one of its four-character grams
// has exactly that gram's documents. A one-phrase query on a stored term is answered from the
// term's summary (count, facet counts, first page) and, for a term many records hold, the display
// rows and snippet windows of that first page (s/, fetched next to t/); the rest is loaded only
// when asked for.
// Other phrases are confirmed by lining up the positions of bigrams that cover them. Exposes window.gazetteSearch
// for tests and tools.
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  if (!form) return;
  var INDEX = form.getAttribute("data-index");
  var ROOT = form.getAttribute("data-root") || "";
  var FACETS = ["district", "street", "program", "year", "kind", "reporter"];  // global value order
  var COMBINED = ["kind", "district", "street", "program", "reporter"];        // order in f/ combinations
  var KIND_LABELS = { article: "文章", photo: "图片", notice: "启事" };
  var TF = [1, 2, 3, 5];  // a term-frequency class stands for this many occurrences
  var FORMAT = 6;  // of the index this script reads (writer.py FORMAT)

  // --- text: mirrors gazette/search/text.py ---------------------------------------------------
  function foldChar(ch) {
    var c = ch.charCodeAt(0);
    if (c >= 65 && c <= 90) return String.fromCharCode(c + 32);
    if (c >= 0xff01 && c <= 0xff5e) {
      var a = c - 0xfee0;
      return String.fromCharCode(a >= 65 && a <= 90 ? a + 32 : a);
    }
    if (MIDDLE_DOTS.indexOf(ch) >= 0) return "\u00b7";
    return " ";  // U+3000, U+00A0, tab, vertical tab, form feed, carriage return
  }
  var MIDDLE_DOTS = "\u30fb\uff65\u2022\u2027\u2219\u22c5";  // text.py MIDDLE_DOTS → U+00B7
  function fold(text) {
    return text.replace(/[A-Z\uff01-\uff5e\u3000\u00a0\t\u000b\f\r\u30fb\uff65\u2022\u2027\u2219\u22c5]/g, foldChar);
  }
  // text.py phrases: folded, split at spaces, punctuation at either end trimmed (崇川区, → 崇川区)
  function phrasesOf(query) {
    var out = [];
    fold(query).split(/[ \n]+/).forEach(function (p) {
      p = p.replace(/^\p{P}+|\p{P}+$/gu, "");
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
  // An id set of 0 … universe−1 (codec.py): e empty, a all, g gaps, r runs, n gaps of the ids
  // not in the set, b bitmap. Returns the ids in ascending order.
  function decodeSet(text, universe) {
    var mode = text[0], body = text.slice(1), out, i, k, at, n = 0;
    if (mode === "e") return new Int32Array(0);
    if (mode === "a") {
      out = new Int32Array(universe);
      for (i = 0; i < universe; i++) out[i] = i;
      return out;
    }
    if (mode === "b") {
      out = new Int32Array(universe);
      for (i = 0; i < body.length; i++) {
        var bits = DIGIT[body.charCodeAt(i)];
        if (!bits) continue;
        for (k = 0; k < 6; k++) if (bits & (32 >> k)) out[n++] = i * 6 + k;
      }
      return out.slice(0, n);
    }
    var nums = decode(body);
    if (mode === "g") {
      out = new Int32Array(nums.length);
      for (i = 0, at = -1; i < nums.length; i++) { at += nums[i] + 1; out[i] = at; }
      return out;
    }
    if (mode === "r") {
      for (i = 1; i < nums.length; i += 2) n += nums[i] + 1;
      out = new Int32Array(n);
      for (i = 0, at = 0, n = 0; i < nums.length; i += 2) {
        at += nums[i];
        for (k = 0; k <= nums[i + 1]; k++) out[n++] = at++;
      }
      return out;
    }
    if (mode === "n") {
      out = new Int32Array(universe - nums.length);
      var next = nums.length ? nums[0] : universe, j = 0;
      for (i = 0; i < universe; i++) {
        if (i === next) {
          j++;
          next = j < nums.length ? next + nums[j] + 1 : universe;
        } else {
          out[n++] = i;
        }
      }
      return out;
    }
    throw new Error("unknown id set form " + mode);
  }

  // --- loading --------------------------------------------------------------------------------
  var loaded = {}, waiting = {};
  // packing "z": data is the JSON deflated (zlib format) and in base64 (writer.py PACKED). It is
  // inflated here, at once: the browser's DecompressionStream is asynchronous, and while the
  // page loads its steps waited up to 100 ms behind other work for a 3 ms job.
  var utf8 = new TextDecoder();
  window.__gazetteShard = function (kind, id, data, packing) {
    var key = kind + id;
    if (packing === "z") {
      try {
        data = JSON.parse(utf8.decode(inflate(base64Bytes(data))));
      } catch (error) {
        fail(key, INDEX + kind + "/" + id + ".js (" + error.message + ")");
        return;
      }
    }
    loaded[key] = data;
    (waiting[key] || []).forEach(function (w) { w[0](data); });
    delete waiting[key];
  };
  function base64Bytes(text) {
    var binary = atob(text), bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  // --- inflate: a zlib stream (RFC 1950) holding deflate blocks (RFC 1951) → its bytes ---------
  var LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83,
                     99, 115, 131, 163, 195, 227, 258];
  var LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  var DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                       1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
  var DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11,
                        12, 12, 13, 13];
  var LENGTHS_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  // A canonical Huffman code from its code lengths, as a table indexed by the next `bits` input
  // bits (least significant first): entry = symbol · 16 + code length (0: no such code).
  function huffman(lengths) {
    var count = new Int32Array(16), next = new Int32Array(16), bits = 1, i, code = 0;
    for (i = 0; i < lengths.length; i++) { count[lengths[i]]++; if (lengths[i] > bits) bits = lengths[i]; }
    count[0] = 0;
    for (i = 1; i < 16; i++) { code = (code + count[i - 1]) << 1; next[i] = code; }
    var table = new Int32Array(1 << bits);
    for (var symbol = 0; symbol < lengths.length; symbol++) {
      var length = lengths[symbol];
      if (!length) continue;
      var c = next[length]++, reversed = 0;
      for (i = 0; i < length; i++) { reversed = (reversed << 1) | (c & 1); c >>= 1; }
      for (i = reversed; i < table.length; i += 1 << length) table[i] = symbol * 16 + length;
    }
    return { table: table, bits: bits };
  }
  var fixedCodes = null;
  function inflate(input) {
    if ((input[0] & 15) !== 8 || ((input[0] << 8) | input[1]) % 31 || input[1] & 32) throw new Error("not a zlib stream");
    var at = 2, held = 0, count = 0, out = new Uint8Array(input.length * 4 + 1024), size = 0;
    function fill(n) {  // at least n bits held; past the end zeros, which a whole stream never uses
      while (count < n) {
        if (at >= input.length + 2) throw new Error("zlib stream cut short");
        held |= (input[at++] | 0) << count;
        count += 8;
      }
    }
    function take(n) {
      fill(n);
      var value = held & ((1 << n) - 1);
      held >>>= n;
      count -= n;
      return value;
    }
    function symbol(code) {
      fill(code.bits);
      var entry = code.table[held & ((1 << code.bits) - 1)], length = entry & 15;
      if (!length) throw new Error("bad Huffman code");
      held >>>= length;
      count -= length;
      return entry >> 4;
    }
    function room(n) {
      if (size + n <= out.length) return;
      var bigger = new Uint8Array(Math.max(out.length * 2, size + n));
      bigger.set(out.subarray(0, size));
      out = bigger;
    }
    var last;
    do {
      last = take(1);
      var type = take(2), literals, distances, i;
      if (type === 0) {  // stored: from the next byte boundary, a length, its complement, the bytes
        at -= count >> 3;
        held = count = 0;
        var n = input[at] | (input[at + 1] << 8);
        if ((n ^ (input[at + 2] | (input[at + 3] << 8))) !== 0xffff || at + 4 + n > input.length) throw new Error("bad stored block");
        room(n);
        out.set(input.subarray(at + 4, at + 4 + n), size);
        size += n;
        at += 4 + n;
        continue;
      }
      if (type === 1) {
        if (!fixedCodes) {
          var fixed = [];
          for (i = 0; i < 288; i++) fixed.push(i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8);
          fixedCodes = [huffman(fixed), huffman(new Array(30).fill(5))];
        }
        literals = fixedCodes[0];
        distances = fixedCodes[1];
      } else if (type === 2) {
        var nLiterals = take(5) + 257, nDistances = take(5) + 1, nLengths = take(4) + 4;
        var lengthLengths = new Array(19).fill(0);
        for (i = 0; i < nLengths; i++) lengthLengths[LENGTHS_ORDER[i]] = take(3);
        var lengthCode = huffman(lengthLengths), lengths = [];
        while (lengths.length < nLiterals + nDistances) {
          var s = symbol(lengthCode), repeat, value = 0;
          if (s < 16) { lengths.push(s); continue; }
          if (s === 16) {
            if (!lengths.length) throw new Error("bad code lengths");
            value = lengths[lengths.length - 1];
            repeat = 3 + take(2);
          } else {
            repeat = s === 17 ? 3 + take(3) : 11 + take(7);
          }
          while (repeat--) lengths.push(value);
        }
        if (lengths.length > nLiterals + nDistances) throw new Error("bad code lengths");
        literals = huffman(lengths.slice(0, nLiterals));
        distances = huffman(lengths.slice(nLiterals));
      } else {
        throw new Error("bad block type");
      }
      for (;;) {
        var sym = symbol(literals);
        if (sym < 256) {
          if (size === out.length) room(1);
          out[size++] = sym;
          continue;
        }
        if (sym === 256) break;
        sym -= 257;
        if (sym >= 29) throw new Error("bad length code");
        var length = LENGTH_BASE[sym] + take(LENGTH_EXTRA[sym]);
        var d = symbol(distances);
        if (d >= 30) throw new Error("bad distance code");
        var distance = DISTANCE_BASE[d] + take(DISTANCE_EXTRA[d]);
        if (distance > size) throw new Error("distance too far back");
        room(length);
        for (var from = size - distance, end = size + length; size < end;) out[size++] = out[from++];
      }
    } while (!last);
    // then, from the next byte boundary, the Adler-32 checksum of the output (big-endian)
    at -= count >> 3;
    if (at + 4 > input.length) throw new Error("zlib stream cut short");
    var a = 1, b = 0;
    for (i = 0; i < size; i++) {
      a += out[i];
      b += a;
      if ((i & 4095) === 4095) { a %= 65521; b %= 65521; }
    }
    a %= 65521;
    b %= 65521;
    var stated = ((input[at] << 24) | (input[at + 1] << 16) | (input[at + 2] << 8) | input[at + 3]) >>> 0;
    if (stated !== ((b * 65536 + a) >>> 0)) throw new Error("zlib checksum mismatch");
    return out.subarray(0, size);
  }
  function fail(key, src) {
    (waiting[key] || []).forEach(function (w) { w[1](new Error("cannot load " + src)); });
    delete waiting[key];
  }
  function load(kind, id) {
    var key = kind + id;
    if (key in loaded) return Promise.resolve(loaded[key]);
    return new Promise(function (resolve, reject) {
      if (waiting[key]) { waiting[key].push([resolve, reject]); return; }
      waiting[key] = [[resolve, reject]];
      var src = INDEX + (kind === "i" ? "index.js" : kind + "/" + id + ".js");
      // search.html loads index.js itself, next to this script, so it arrives without a wait
      var preloaded = kind === "i" && document.querySelector("script[data-search-index]");
      if (preloaded) {
        preloaded.addEventListener("error", function () { fail(key, src); });
        return;
      }
      var script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onerror = function () { fail(key, src); };
      document.head.appendChild(script);
    });
  }

  var meta = null;     // index.js
  var yearOf = null;   // per document, its year's value index or −1
  var offsets = null;  // facet → first global value index
  function loadIndex() {
    if (meta) return Promise.resolve(meta);
    return load("i", 0).then(function (data) {
      if (meta) return meta;
      // a browser may keep an older copy of this script than of the index, or the reverse
      if (data.format !== FORMAT) {
        var error = new Error("索引格式为 " + data.format + "，本页的脚本读取格式 " + FORMAT + "。请强制刷新页面（Ctrl+F5），或重新构建网站。");
        error.reader = error.message;
        throw error;
      }
      yearOf = new Int32Array(data.documents).fill(-1);
      data.years.forEach(function (set, value) {
        decodeSet(set, data.documents).forEach(function (doc) { yearOf[doc] = value; });
      });
      offsets = {};
      var at = 0;
      FACETS.forEach(function (f) { offsets[f] = at; at += data.facets[f].length; });
      return (meta = data);
    });
  }

  // --- terms ----------------------------------------------------------------------------------
  // A term's entry in its t/ file: [df, data or where in d/ it is, summary, positions (bigrams) or
  // fixed context (longest grams)] (writer.py); trailing empty fields are left out.
  function entryOf(term) {
    return load("t", termHash(term) & (meta.shards.t - 1)).then(function (shard) {
      return shard[term] || null;
    });
  }
  var hitCache = {};  // term → its documents
  var rowOf = {};     // document → display row that came with an s/ entry
  // The documents holding a stored term: {docs, tf, head}, docs ascending (terms.py formats).
  function termHits(term, entry) {
    if (hitCache[term]) return Promise.resolve(hitCache[term]);
    // d/ file number, or [number, the term it is filed under] when another term has the same data
    var where = entry[1], shared = typeof where === "object";
    var data = typeof where === "string" ? Promise.resolve(where)
      : load("d", shared ? where[0] : where).then(function (shard) { return shard[shared ? where[1] : term]; });
    return data.then(function (text) {
      return (hitCache[term] = text[0] === "v" ? shortHits(text.slice(1)) : setHits(text.slice(1)));
    });
  }
  function shortHits(text) {
    var nums = decode(text), n = nums.length;
    var docs = new Int32Array(n), tf = new Uint8Array(n), head = new Uint8Array(n), doc = -1;
    for (var i = 0; i < n; i++) {
      var v = nums[i];
      doc += Math.floor(v / 8) + 1;
      docs[i] = doc;
      tf[i] = TF[(v >> 1) & 3];
      head[i] = v & 1;
    }
    return { docs: docs, tf: tf, head: head };
  }
  function setHits(text) {
    var parts = text.split(".");
    var docs = decodeSet(parts[0], meta.documents), n = docs.length;
    var tf = new Uint8Array(n), head = new Uint8Array(n), cls = new Uint8Array(n), i;
    decodeSet(parts[1], n).forEach(function (k) { head[k] = 1; });
    var twice = decodeSet(parts[2], n);
    twice.forEach(function (k) { cls[k] = 1; });
    var thrice = decodeSet(parts[3], twice.length);
    thrice.forEach(function (k) { cls[twice[k]] = 2; });
    decodeSet(parts[4], thrice.length).forEach(function (k) { cls[twice[thrice[k]]] = 3; });
    for (i = 0; i < n; i++) tf[i] = TF[cls[i]];
    return { docs: docs, tf: tf, head: head };
  }
  // A bigram's positions, aligned with its document list: {start, flat}.
  function termPositions(term, entry) {
    var data = entry[3] ? Promise.resolve(entry[3])
      : load("p", termHash(term) & (meta.shards.p - 1)).then(function (shard) { return shard[term] || ""; });
    return data.then(function (text) {
      var nums = decode(text), start = [0], flat = [];
      for (var i = 0; i < nums.length;) {
        var count = nums[i++] + 1, at = 0;
        for (var k = 0; k < count; k++) { at = k === 0 ? nums[i++] : at + nums[i++]; flat.push(at); }
        start.push(flat.length);
      }
      return { start: start, flat: flat };
    });
  }
  // A summary (terms.py): first pages by relevance and by date, then facet counts, which a term
  // with an s/ entry has there instead (writer.py).
  function parseSummary(text) {
    var parts = text.split("."), last = meta.documents - 1;
    var relevance = decode(parts[0]).map(function (v) { return last - v; });
    var newest = [], at = 0;
    decode(parts[1]).forEach(function (v, i) { at = i === 0 ? last - v : at - v - 1; newest.push(at); });
    return { relevance: relevance, newest: newest, counts: parts.length > 2 ? parseCounts(parts[2]) : null };
  }
  function parseCounts(text) {
    var counts = {}, nums = decode(text), global = -1;
    FACETS.forEach(function (f) { counts[f] = {}; });
    for (var i = 0; i < nums.length; i += 2) {
      global += nums[i] + 1;
      for (var k = FACETS.length - 1; k >= 0; k--) {
        var f = FACETS[k];
        if (global >= offsets[f]) { counts[f][meta.facets[f][global - offsets[f]]] = nums[i + 1]; break; }
      }
    }
    return counts;
  }
  function indexOfDoc(docs, doc) {
    var lo = 0, hi = docs.length - 1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (docs[mid] < doc) lo = mid + 1; else if (docs[mid] > doc) hi = mid - 1; else return mid;
    }
    return -1;
  }

  // --- phrases --------------------------------------------------------------------------------
  // A phrase → {df, summary (or null), hits(): Promise<{docs, tf, head}>}.
  function resolvePhrase(phrase) {
    var chars = Array.from(phrase);
    if (chars.length > meta.grams) return withinContext(chars);
    return entryOf(phrase).then(function (entry) {
      if (entry) return stored(phrase, entry);
      return chars.length <= 2 ? found(emptyHits()) : confirmPhrase(chars);
    });
  }
  function stored(term, entry) {
    var summary = entry[2] ? parseSummary(entry[2]) : null;
    return { df: entry[0], summary: summary, hits: function () { return termHits(term, entry); },
             shown: function () { return shownRows(term, entry, summary); },
             counts: function () {  // of a term with summary
               return summary.counts ? Promise.resolve(summary.counts)
                 : snippetFile(term).then(function (shard) { return parseCounts(shard[term][0]); });
             } };
  }
  // The s/ entry of a stored term: its facet counts, then the display row and snippet window of
  // each document of its first page by relevance (without summary: of each of its documents, in
  // id order). The rows go to the row cache; returns document → window.
  function snippetFile(term) {
    return load("s", termHash(term) & (meta.shards.s - 1));
  }
  function shownRows(term, entry, summary) {
    if (entry[0] < meta.snippetDocs) return Promise.resolve({});  // a rare term: rows from m/, snippets from pages
    var docs = summary ? Promise.resolve(summary.relevance)
      : termHits(term, entry).then(function (hits) { return hits.docs; });
    return Promise.all([docs, snippetFile(term)]).then(function (loaded) {
      var rows = loaded[1][term] ? loaded[1][term][1] : [], windows = {};
      Array.prototype.forEach.call(loaded[0], function (doc, i) {
        if (!rows[i]) return;
        rowOf[doc] = rows[i].slice(0, 8);
        windows[doc] = rows[i][8];
      });
      return windows;
    });
  }
  // A phrase longer than the stored grams that lies inside the fixed context of one of its grams
  // (postings.py) is held by exactly that gram's documents; otherwise it is confirmed.
  function withinContext(chars) {
    var n = meta.grams, grams = [];
    for (var i = 0; i + n <= chars.length; i++) grams.push(chars.slice(i, i + n).join(""));
    return Promise.all(grams.map(entryOf)).then(function (entries) {
      for (var i = 0; i < grams.length; i++) {
        var context = entries[i] && typeof entries[i][3] === "string" ? entries[i][3].split(" ") : null;
        if (!context) continue;
        var before = Array.from(context[0]), after = Array.from(context[1]);
        var need = chars.slice(0, i), rest = chars.slice(i + n);
        if (need.length <= before.length && rest.length <= after.length &&
            before.slice(before.length - need.length).join("") === need.join("") &&
            after.slice(0, rest.length).join("") === rest.join("")) return stored(grams[i], entries[i]);
      }
      return confirmPhrase(chars);
    });
  }
  function found(hits) {
    return { df: hits.docs.length, summary: null, hits: function () { return Promise.resolve(hits); } };
  }
  function emptyHits() {
    return { docs: new Int32Array(0), tf: new Uint8Array(0), head: new Uint8Array(0) };
  }
  // A phrase longer than the stored grams (or a rarer one): the documents where the positions
  // of a cheapest set of bigrams covering every character line up.
  function confirmPhrase(chars) {
    var grams = [];
    for (var i = 0; i + 1 < chars.length; i++) grams.push(chars[i] + chars[i + 1]);
    return Promise.all(grams.map(entryOf)).then(function (entries) {
      if (entries.some(function (e) { return !e; })) return found(emptyHits());
      var cover = cheapestCover(entries.map(function (e) { return e[0]; }));
      return Promise.all(cover.map(function (g) {
        return Promise.all([termHits(grams[g], entries[g]), termPositions(grams[g], entries[g])]);
      })).then(function (loadedCover) {
        return found(lineUp(cover, loadedCover));
      });
    });
  }
  function lineUp(cover, loadedCover) {
    var lists = loadedCover.map(function (l) { return l[0]; });
    var rarest = 0;
    lists.forEach(function (l, c) { if (l.docs.length < lists[rarest].docs.length) rarest = c; });
    var docs = [], tfs = [], heads = [];
    lists[rarest].docs.forEach(function (doc) {
      var sets = [];
      for (var c = 0; c < cover.length; c++) {
        var k = indexOfDoc(lists[c].docs, doc), p = loadedCover[c][1];
        if (k < 0) return;
        sets.push(p.flat.slice(p.start[k], p.start[k + 1]));
      }
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
      if (tf) { docs.push(doc); tfs.push(tf === 1 ? 1 : tf === 2 ? 2 : tf <= 4 ? 3 : 5); heads.push(head); }
    });
    return { docs: Int32Array.from(docs), tf: Uint8Array.from(tfs), head: Uint8Array.from(heads) };
  }
  // Bigram offsets whose union covers every character of the phrase, with the fewest
  // documents to load (gram g covers characters g and g + 1, so after gram g the next chosen
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

  // --- facets ---------------------------------------------------------------------------------
  // f/ blocks (facets.py): one fixed-width number per document naming its value combination,
  // in the block's own table or, when the archive has few, in index.js's.
  function loadFacets(docs) {
    var per = meta.perFile.f, blocks = {};
    for (var i = 0; i < docs.length; i++) blocks[Math.floor(docs[i] / per)] = true;
    return Promise.all(Object.keys(blocks).map(function (b) { return load("f", +b); }));
  }
  function valuesOf(doc, facet) {
    if (facet === "year") return yearOf[doc] >= 0 ? [yearOf[doc]] : [];
    var per = meta.perFile.f, block = loaded["f" + Math.floor(doc / per)];
    var combos = block.length > 1 ? block[0] : meta.combinations, ids = block[block.length - 1], width = 1;
    while (combos.length > Math.pow(64, width)) width++;
    var at = (doc % per) * width, row = 0;
    for (var k = 0; k < width; k++) row = row * 64 + DIGIT[ids.charCodeAt(at + k)];
    return combos[row][COMBINED.indexOf(facet)];
  }
  function facetOK(doc, filters, skip) {
    for (var f in filters) {
      if (f === skip || !filters[f].length) continue;
      var values = valuesOf(doc, f);
      if (!values.some(function (v) { return filters[f].indexOf(v) >= 0; })) return false;
    }
    return true;
  }
  function selectedIndexes(params) {
    var filters = {};
    FACETS.forEach(function (f) {
      filters[f] = (params[f] || []).map(function (v) { return meta.facets[f].indexOf(v); })
        .filter(function (i) { return i >= 0; });
    });
    return filters;
  }

  // --- query evaluation -----------------------------------------------------------------------
  // params: {q: string, sort: "relevance"|"date", district: [names], ...} → a result:
  // {phrases, total, counts: {facet: {name: count}}, page(from, count), all()} (the last two
  // give document ids in result order, as promises).
  function search(params) {
    return loadIndex().then(function () {
      var phrases = phrasesOf(params.q || "");
      var filters = selectedIndexes(params);
      var anyFilter = FACETS.some(function (f) { return filters[f].length; });
      var byDate = params.sort === "date";
      if (!phrases.length && !anyFilter) return listed(phrases, [], emptyCounts());
      if (!phrases.length) return evaluate(phrases, null, filters, byDate);
      var alone = phrases.length === 1 && !anyFilter;
      // a lone phrase that may be a stored term: its s/ file (facet counts, first page) is
      // fetched next to its t/ file. For a rare one (no s/ entry) that is a packed s/ file for
      // nothing; for a common one it saves a round trip
      if (alone && Array.from(phrases[0]).length <= meta.grams) snippetFile(phrases[0]).catch(function () {});
      return Promise.all(phrases.map(resolvePhrase)).then(function (resolved) {
        var one = resolved[0];
        if (alone && one.summary) {
          return one.counts().then(function (counts) {
            var r = summarized(phrases, one, byDate, counts);
            // the s/ entry covers the first page by relevance; otherwise snippets come from pages
            if (!byDate) r.windows = one.shown().catch(function () { return {}; });
            return r;
          }, function () {  // no s/ file: everything from the document data
            return evaluate(phrases, resolved, filters, byDate);
          });
        }
        var result = evaluate(phrases, resolved, filters, byDate);
        if (!alone || !one.shown) return result;
        return result.then(function (r) {  // a term without summary: the s/ entry has every document
          r.windows = one.shown().catch(function () { return {}; });
          return r;
        });
      });
    });
  }
  function listed(phrases, docs, counts) {
    return { phrases: phrases, total: docs.length, counts: counts,
             page: function (from, count) { return Promise.resolve(docs.slice(from, from + count)); },
             all: function () { return Promise.resolve(docs); } };
  }
  // One stored phrase without filters: the first page comes from its summary, counts from it or
  // from its s/ entry.
  function summarized(phrases, phrase, byDate, counts) {
    var first = byDate ? phrase.summary.newest : phrase.summary.relevance, rest = null;
    function all() {
      rest = rest || evaluate(phrases, [phrase], {}, byDate).then(function (r) { return r.all(); });
      return rest;
    }
    return { phrases: phrases, total: phrase.df, counts: counts, all: all,
             page: function (from, count) {
               if (from + count <= first.length) return Promise.resolve(first.slice(from, from + count));
               return all().then(function (docs) { return docs.slice(from, from + count); });
             } };
  }
  function evaluate(phrases, resolved, filters, byDate) {
    var hitLists = resolved ? Promise.all(resolved.map(function (r) { return r.hits(); })) : Promise.resolve(null);
    // results that will touch most facet blocks: load them all now, next to the document data
    var bound = resolved ? Math.min.apply(null, resolved.map(function (r) { return r.df; })) : meta.documents;
    var blocks = Math.ceil(meta.documents / meta.perFile.f);
    if (bound >= 2 * blocks) {
      for (var b = 0; b < blocks; b++) load("f", b).catch(function () { /* reported when used */ });
    }
    return hitLists.then(function (lists) {
      var scored = [];
      var universe = lists ? smallest(lists) : allDocs();
      var idf = lists ? lists.map(function (l) {
        return Math.log(1 + (meta.documents - l.docs.length + 0.5) / (l.docs.length + 0.5));
      }) : [];
      universe.forEach(function (doc) {
        var heads = 0, score = 0;
        if (lists) {
          for (var i = 0; i < lists.length; i++) {
            var k = indexOfDoc(lists[i].docs, doc);
            if (k < 0) return;
            var tf = lists[i].tf[k];
            score += idf[i] * tf * 2.2 / (tf + 1.2);
            heads += lists[i].head[k];
          }
        }
        scored.push({ doc: doc, heads: heads, score: score });
      });
      return loadFacets(scored.map(function (s) { return s.doc; })).then(function () {
        var counts = {};
        FACETS.forEach(function (f) {
          counts[f] = meta.facets[f].map(function () { return 0; });
          scored.forEach(function (s) {
            if (!facetOK(s.doc, filters, f)) return;
            valuesOf(s.doc, f).forEach(function (v) { counts[f][v]++; });
          });
        });
        var kept = scored.filter(function (s) { return facetOK(s.doc, filters, null); });
        kept.sort(byDate || !lists
          ? function (a, b) { return b.doc - a.doc; }
          : function (a, b) { return b.heads - a.heads || b.score - a.score || b.doc - a.doc; });
        return listed(phrases, kept.map(function (s) { return s.doc; }), namedCounts(counts));
      });
    });
  }
  function smallest(lists) {
    return lists.reduce(function (a, b) { return a.docs.length <= b.docs.length ? a : b; }).docs;
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
      counts[f].forEach(function (n, i) { if (n) named[f][meta.facets[f][i]] = n; });
    });
    return named;
  }
  function docMeta(doc) {
    var per = meta.perFile.m;
    var row = rowOf[doc] ? Promise.resolve(rowOf[doc])
      : load("m", Math.floor(doc / per)).then(function (file) {
        // [groups, rows] (writer.py meta_file): a group is [date, issue label, url prefix]
        var r = file[1][doc % per], g = file[0][r[0]];
        return [g[2] + r[1], r[2], g[0], g[1], r[3], r[4], r[5], r[6]];
      });
    return row.then(function (r) {
      function names(facet, indexes) { return indexes.map(function (i) { return meta.facets[facet][i]; }); }
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
    // only the record's own text (article.html marks it): never its byline, dateline or tags
    var title = page.querySelector("[data-search-text=title]");
    var blocks = Array.from(page.querySelectorAll("[data-search-text=head], [data-search-text=body] :is(p, h2, h3, h4, li, blockquote)"))
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
  // A snippet cut from a record's text (title line, then headlines and body), as the build cuts
  // the windows of s/ files (gazette/search/snippets.py): ``width`` characters from ``lead``
  // before the first match, line breaks as spaces.
  function snippet(fullText, phrases) {
    var cut = fullText.indexOf("\n");
    var source = cut < 0 ? "" : fullText.slice(cut + 1).replace(/\n+/g, " ");
    var ranges = matchRanges(source, phrases), lead = meta.snippet[0], width = meta.snippet[1];
    var start = ranges.length ? Math.max(0, ranges[0][0] - lead) : 0;
    return snippetParagraph(source.slice(start, start + width), phrases, start > 0, start + width < source.length);
  }
  // A window of an s/ file: a digit (1: text cut before it, 2: after it, 3: both), then the text.
  function windowSnippet(window, phrases) {
    var cuts = +window[0];
    return snippetParagraph(window.slice(1), phrases, cuts & 1, cuts & 2);
  }
  function snippetParagraph(text, phrases, cutBefore, cutAfter) {
    var p = document.createElement("p");
    p.className = "search-snippet";
    if (cutBefore) p.appendChild(document.createTextNode("…"));
    appendMarked(p, text, matchRanges(text, phrases), 0);
    if (cutAfter) p.appendChild(document.createTextNode("…"));
    return p;
  }

  // --- page -----------------------------------------------------------------------------------
  var input = form.querySelector("input[name=q]");
  var sortSelect = form.querySelector("select[name=sort]");
  var status = document.getElementById("search-status");
  var resultsList = document.getElementById("search-results");
  var facetBox = document.getElementById("search-facets");
  var moreButton = document.getElementById("search-more");
  // a page made from an older search.html lacks these: they are added after the status line
  function part(id, tag) {
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement(tag);
      el.id = id;
      status.parentNode.insertBefore(el, status.nextSibling);
    }
    return el;
  }
  var hint = part("search-hint", "p");
  var filterBar = part("search-filters", "div");
  var examples = document.getElementById("search-examples");
  var facetDetails = document.getElementById("search-facets-box");
  var state = { params: null, result: null, shown: 0, focus: null };
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
    if (performance.mark) performance.mark("gazette-search-start");
    return search(params).then(function (result) {
      if (mine !== generation) return;
      state.result = result;
      state.shown = 0;
      state.ms = performance.now() - started;
      if (performance.mark) performance.mark("gazette-search-result");
      resultsList.textContent = "";
      renderFacets(result, params);
      renderFilters(params);
      var filtered = activeFilters(params).length > 0, empty = !result.phrases.length && !filtered;
      if (examples) examples.hidden = !empty;
      hint.textContent = "";
      if (empty) {
        status.textContent = "输入要查找的字词，多个词用空格分开。";
      } else if (result.total) {
        status.textContent = "找到 " + result.total + " 条记录" + (filtered ? "（已按所选条件筛选）" : "");
      } else {
        status.textContent = nothingFound(result.phrases, filtered);
        if (filtered) offerToDropFilters(params);
        else if (result.phrases.length > 1) namePhrasesWithout(result.phrases, params, mine);
      }
      return showMore(mine);
    }).then(function () {
      if (mine !== generation) return;
      resultsList.setAttribute("data-total", String(state.result.total));
      // data-ms: from the start of the search until results, snippets and highlights are all in
      // the page; data-painted-ms: until the frame after that (benchmarks/bench_search.py)
      resultsList.setAttribute("data-ms", (performance.now() - started).toFixed(1));
      if (performance.mark) performance.mark("gazette-search-done");
      requestAnimationFrame(function () {
        setTimeout(function () {
          if (mine === generation) resultsList.setAttribute("data-painted-ms", (performance.now() - started).toFixed(1));
        }, 0);
      });
      resultsList.setAttribute("data-state", "done");
    }, function (error) {
      // the reader gets Chinese only; the file that failed goes to the console
      if (window.console) console.error(error);
      status.textContent = error.reader || "搜索索引无法载入。请刷新页面；如果仍然不行，请重新构建网站。";
      resultsList.setAttribute("data-state", "error");
    });
  }

  // --- filters: always shown as chips while on, never carried silently to a new query ------------
  var FACET_LABELS = { district: "区县", street: "街道", program: "项目", year: "年份", kind: "类型", reporter: "作者" };
  function valueLabel(f, name) { return f === "kind" ? KIND_LABELS[name] || name : name; }
  function activeFilters(params) {
    var out = [];
    FACETS.forEach(function (f) { (params[f] || []).forEach(function (v) { out.push([f, v]); }); });
    return out;
  }
  function withoutFilters(params) {
    var next = Object.assign({}, params);
    FACETS.forEach(function (f) { next[f] = []; });
    return next;
  }
  function chipButton(text, label, onClick) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "search-chip";
    button.textContent = text;
    if (label) button.setAttribute("aria-label", label);
    button.addEventListener("click", onClick);
    return button;
  }
  function renderFilters(params) {
    var active = activeFilters(params);
    filterBar.textContent = "";
    filterBar.hidden = !active.length;
    if (!active.length) return;
    var lead = document.createElement("span");
    lead.className = "search-filters-lead";
    lead.textContent = "筛选条件：";
    filterBar.appendChild(lead);
    active.forEach(function (pair) {
      var f = pair[0], v = pair[1], text = FACET_LABELS[f] + "：" + valueLabel(f, v);
      filterBar.appendChild(chipButton(text + " ×", "去掉筛选条件 " + text, function () {
        var next = Object.assign({}, state.params);
        next[f] = params[f].filter(function (x) { return x !== v; });
        run(next, true).then(function () { input.focus(); });
      }));
    });
    filterBar.appendChild(chipButton("清除筛选", null, function () {
      run(withoutFilters(state.params), true).then(function () { input.focus(); });
    }));
  }
  function quoted(phrases) {
    return phrases.map(function (p) { return "“" + p + "”"; }).join("、");
  }
  function nothingFound(phrases, filtered) {
    if (!phrases.length) return "所选筛选条件下没有记录。";
    return (filtered ? "在所选筛选条件下，" : "") + "没有找到包含" + quoted(phrases) + "的记录。";
  }
  function offerToDropFilters(params) {
    hint.appendChild(document.createTextNode("筛选条件会保留到新的搜索。"));
    hint.appendChild(chipButton("去掉筛选再搜", null, function () {
      run(withoutFilters(params), true).then(function () { input.focus(); });
    }));
  }
  // Several phrases and nothing: say which of them no record holds at all.
  function namePhrasesWithout(phrases, params, mine) {
    Promise.all(phrases.map(function (p) {
      return search({ q: p, sort: "relevance" }).then(function (r) { return r.total; });
    })).then(function (totals) {
      if (mine !== generation) return;
      var none = phrases.filter(function (p, i) { return !totals[i]; });
      hint.textContent = none.length ? quoted(none) + " 在档案中没有出现。"
        : "每个词都能找到，但没有一篇记录同时包含全部词语；可以减少词语再试。";
    }, function () {});
  }

  function showMore(mine) {
    var result = state.result, from = state.shown, count = Math.min(meta.page, result.total - from);
    state.shown += count;
    moreButton.hidden = state.shown >= result.total;
    var items = [];
    for (var i = 0; i < count; i++) {
      var li = document.createElement("li");
      resultsList.appendChild(li);
      items.push(li);
    }
    return Promise.all([result.page(from, count), result.windows]).then(function (loaded) {
      var windows = loaded[1] || {};
      return Promise.all(loaded[0].map(function (doc, i) {
        var li = items[i];
        return docMeta(doc).then(function (m) {
          if (mine !== generation) return;
          renderItem(li, m, result.phrases);
          if (windows[doc]) { li.appendChild(windowSnippet(windows[doc], result.phrases)); return; }
          return docText(doc, m.url).then(function (text) {
            if (mine === generation) li.appendChild(snippet(text, result.phrases));
          });
        });
      }));
    });
  }

  function renderItem(li, m, phrases) {
    var h = document.createElement("h2"), a = document.createElement("a");
    a.href = ROOT + m.url + (state.params.q ? "?q=" + encodeURIComponent(state.params.q) : "");
    appendMarked(a, m.title, matchRanges(m.title, phrases), 0);
    h.appendChild(a);
    li.appendChild(h);
    var info = document.createElement("p"), issue = document.createElement("a");
    info.className = "search-meta";
    // The issue page sits beside the article's: issues/<issue>/NNN.html → issues/<issue>/index.html.
    issue.href = ROOT + m.url.replace(/[^\/]*$/, "index.html");
    issue.textContent = m.issue;
    info.appendChild(document.createTextNode((m.date || "日期不详") + " · "));
    info.appendChild(issue);
    info.appendChild(document.createTextNode(
      [""].concat(KIND_LABELS[m.kind] || m.kind, m.district, m.street, m.program).join(" · ")));
    li.appendChild(info);
  }

  function renderFacets(result, params) {
    var refocus = null;
    facetBox.textContent = "";
    FACETS.forEach(function (f) {
      var names = Object.keys(result.counts[f]).concat(params[f].filter(function (v) { return !(v in result.counts[f]); }));
      if (!names.length) return;
      // years newest first, 日期不详 (no digit) last
      names.sort(f === "year" ? function (a, b) { return /^\d/.test(b) - /^\d/.test(a) || (a < b ? 1 : -1); }
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
          // the facets are drawn again: keep the focus on this value's new box (Space toggles)
          state.focus = [f, name];
          var next = Object.assign({}, state.params);
          next[f] = box.checked ? params[f].concat([name]) : params[f].filter(function (v) { return v !== name; });
          run(next, true);
        });
        var count = document.createElement("span");
        count.className = "facet-count";
        count.textContent = String(result.counts[f][name] || 0);
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + valueLabel(f, name) + " "));
        label.appendChild(count);
        set.appendChild(label);
        if (state.focus && state.focus[0] === f && state.focus[1] === name) refocus = box;
      });
      facetBox.appendChild(set);
    });
    if (refocus) refocus.focus();
    state.focus = null;
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
  // on a phone the filters start folded, so the results come first
  if (facetDetails && window.matchMedia) facetDetails.open = !window.matchMedia("(max-width: 40rem)").matches;
  if (!new URLSearchParams(location.search).get("q")) input.focus();
  window.gazetteSearch = {
    inflate: inflate,
    search: search,
    urls: function (params) {
      return search(params).then(function (r) {
        return r.all().then(function (docs) { return Promise.all(docs.map(docMeta)); }).then(function (ms) {
          return { urls: ms.map(function (m) { return m.url; }), counts: r.counts };
        });
      });
    },
    state: state,
  };
  run(paramsFromURL(), false);
})();
