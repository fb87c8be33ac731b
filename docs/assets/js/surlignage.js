/* Passerelle — highlights on the page what the search matched, accents and elisions included.
 *
 * A search result links to its page with the matched terms (?h=…), as the search index knows
 * them: lowercase, without accents, stemmed (« medecin », « honorair »). Material marks only
 * the exact spelling; this script marks, in the page's content, every word whose folded form
 * starts with one of these terms: « médecins », « d’honoraires » (the word after the
 * apostrophe). It replaces Material's marks, after the page has loaded.
 */
(function () {
  "use strict";
  var terms = (new URLSearchParams(location.search).get("h") || "").split(/\s+/).map(fold).filter(function (t) { return t.length > 1; });
  if (!terms.length) return;
  var WORD = /[0-9A-Za-z\u00c0-\u024f\u0153]+/g;
  var SKIP = { SCRIPT: 1, STYLE: 1, MARK: 1, TEXTAREA: 1, BUTTON: 1 };

  function fold(text) {
    return String(text).toLowerCase().replace(/\u0153/g, "oe").replace(/\u00e6/g, "ae")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function matches(word) {
    var folded = fold(word);
    for (var i = 0; i < terms.length; i++) if (folded.indexOf(terms[i]) === 0) return true;
    return false;
  }

  function unmark(root) {
    var marks = root.querySelectorAll("mark[data-md-highlight]");
    for (var i = 0; i < marks.length; i++) {
      var mark = marks[i], parent = mark.parentNode;
      while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
      parent.removeChild(mark);
      parent.normalize();
    }
  }

  function mark(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        for (var el = node.parentElement; el && el !== root; el = el.parentElement) {
          if (SKIP[el.tagName] || el.hidden) return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue, last = 0, found = false, fragment = document.createDocumentFragment();
      text.replace(WORD, function (word, offset) {
        if (!matches(word)) return word;
        found = true;
        fragment.appendChild(document.createTextNode(text.slice(last, offset)));
        var element = document.createElement("mark");
        element.setAttribute("data-md-highlight", "");
        element.textContent = word;
        fragment.appendChild(element);
        last = offset + word.length;
        return word;
      });
      if (!found) return;
      fragment.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(fragment, node);
    });
  }

  function run() {
    var root = document.querySelector(".md-content article") || document.querySelector(".md-content");
    if (!root) return;
    unmark(root);
    mark(root);
  }

  if (document.readyState === "complete") setTimeout(run, 0);
  else window.addEventListener("load", function () { setTimeout(run, 0); });
})();
