// Progressive enhancement only: every page reads and navigates without this file.
// A copy button (hidden in the markup) appears when the clipboard can be written.
(function () {
  "use strict";
  // a printed page names where it came from: the address it was opened at
  document.querySelectorAll("[data-print-url]").forEach(function (el) { el.textContent = location.href.split("?")[0]; });
  // the access date of an online citation ([N/OL]) is the day the reader opened the page
  var today = new Date();
  document.querySelectorAll("[data-access-date]").forEach(function (el) {
    el.textContent = today.getFullYear() + "-" + String(today.getMonth() + 1).padStart(2, "0") + "-" +
      String(today.getDate()).padStart(2, "0");
  });
  // source.html?lines=45-73 marks a record's lines (the anchor #L45 scrolls to the first)
  var span = /(?:^|[?&])lines=(\d+)-(\d+)/.exec(location.search);
  if (span) {
    for (var n = +span[1]; n <= +span[2] && n - span[1] < 5000; n++) {
      var line = document.getElementById("L" + n);
      if (line) line.classList.add("marked");
    }
  }
  if (!navigator.clipboard || !navigator.clipboard.writeText) return;
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!source) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        if (status) status.textContent = "已复制到剪贴板";
      }, function () {
        if (status) status.textContent = "无法复制，请手动选择文本";
      });
    });
  });
})();
