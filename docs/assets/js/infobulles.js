/* Passerelle — glossary tooltips for keyboard and screen reader users (WCAG 2.1.1, 1.4.13).
 *
 * Each acronym of the glossary is an <abbr title="…"> (added to every page at build time);
 * Material shows its title as a tooltip on hover and on focus. This script:
 * - makes each acronym reachable with Tab (tabindex="0"), except inside a link or a button,
 *   which are already focusable;
 * - gives it its expansion as an accessible description that stays there (Material removes
 *   the title while its tooltip is shown), in a hidden element referenced by aria-describedby;
 * - hides the visible tooltip with Escape without moving the focus.
 */
(function () {
  "use strict";
  var INTERACTIVE = "a, button, summary, label, [role='button'], [role='link']";
  var count = 0;

  function prepare(root) {
    var abbrs = root.querySelectorAll(".md-content abbr[title]");
    for (var i = 0; i < abbrs.length; i++) {
      var abbr = abbrs[i];
      var title = abbr.getAttribute("title");
      if (!title || abbr.hasAttribute("data-infobulle") || abbr.closest(INTERACTIVE)) continue;
      var description = document.createElement("span");
      description.id = "infobulle-" + (++count);
      description.className = "infobulle-texte";
      description.hidden = true; // referenced by aria-describedby: read, not shown
      description.textContent = title;
      abbr.after(description);
      abbr.setAttribute("data-infobulle", description.id);
      abbr.setAttribute("tabindex", "0");
    }
  }

  // Material points aria-describedby to its own tooltip while shown (same text), then removes
  // the attribute: whenever it is gone, point it back to our description.
  function describe(abbr) {
    if (!abbr.getAttribute("aria-describedby")) {
      abbr.setAttribute("aria-describedby", abbr.getAttribute("data-infobulle"));
    }
  }

  var observer = typeof MutationObserver === "function" ? new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) describe(records[i].target);
  }) : null;

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelectorAll(".md-tooltip2--active");
    for (var i = 0; i < open.length; i++) open[i].classList.remove("md-tooltip2--active");
  });

  prepare(document);
  var abbrs = document.querySelectorAll("abbr[data-infobulle]");
  for (var j = 0; j < abbrs.length; j++) {
    describe(abbrs[j]);
    if (observer) observer.observe(abbrs[j], { attributes: true, attributeFilter: ["aria-describedby"] });
  }
})();
