// Progressive enhancement only: every page reads and navigates without this file.
// A copy button (hidden in the markup) appears when the clipboard can be written.
(function () {
  "use strict";
  // a printed page names where it came from: the address it was opened at
  document.querySelectorAll("[data-print-url]").forEach(function (el) { el.textContent = location.href.split("?")[0]; });
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
