// Highlights the words of a search (?q=…) on an article page (issues 5, 19): only inside the
// record's own text (headlines and body, marked data-search-text), never in bylines, datelines,
// tags or the citation. Matching follows the search: the text is folded the way search.js folds
// it, phrases are split at spaces.
(function () {
  "use strict";
  var query = new URLSearchParams(location.search).get("q");
  if (!query) return;
  function fold(text) {
    return text.replace(/[A-Z\uff01-\uff5e\u3000\u00a0\t\u000b\f\r\u30fb\uff65\u2022\u2027\u2219\u22c5]/g, function (ch) {
      var c = ch.charCodeAt(0);
      if ("\u30fb\uff65\u2022\u2027\u2219\u22c5".indexOf(ch) >= 0) return "\u00b7";  // middle dots
      if (c >= 65 && c <= 90) return String.fromCharCode(c + 32);
      if (c >= 0xff01 && c <= 0xff5e) {
        var a = c - 0xfee0;
        return String.fromCharCode(a >= 65 && a <= 90 ? a + 32 : a);
      }
      return " ";
    });
  }
  var phrases = fold(query).split(/[ \n]+/).map(function (p) {
    return p.replace(/^\p{P}+|\p{P}+$/gu, "");  // as search.js phrasesOf
  }).filter(Boolean);
  if (!phrases.length) return;
  var nodes = [];
  document.querySelectorAll("[data-search-text]").forEach(function (scope) {
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var tag = node.parentNode.nodeName;
        return tag === "SCRIPT" || tag === "STYLE" || tag === "MARK" ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      },
    });
    while (walker.nextNode()) nodes.push(walker.currentNode);
  });
  var first = null;
  nodes.forEach(function (node) {
    var text = node.nodeValue, folded = fold(text), ranges = [];
    phrases.forEach(function (p) {
      for (var at = folded.indexOf(p); at >= 0; at = folded.indexOf(p, at + 1)) ranges.push([at, at + p.length]);
    });
    if (!ranges.length) return;
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var fragment = document.createDocumentFragment(), at = 0;
    ranges.forEach(function (r) {
      if (r[1] <= at) return;
      var s = Math.max(r[0], at);
      if (s > at) fragment.appendChild(document.createTextNode(text.slice(at, s)));
      var mark = document.createElement("mark");
      mark.className = "search-hit";
      mark.textContent = text.slice(s, r[1]);
      fragment.appendChild(mark);
      first = first || mark;
      at = r[1];
    });
    if (at < text.length) fragment.appendChild(document.createTextNode(text.slice(at)));
    node.parentNode.replaceChild(fragment, node);
  });
  if (first && first.scrollIntoView) first.scrollIntoView({ block: "center" });
})();
