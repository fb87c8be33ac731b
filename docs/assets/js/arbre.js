/* Passerelle — decision trees: one question at a time, path of answers, back,
 * restart, a URL per step (#r-0-1 = answers by index; #n-node and #q-node open a
 * node by the shortest path), printable full view whose answers jump to the step
 * they lead to, copy of the neutral summary. Printing on a step prints the path
 * and the current node only (passerelle.css). Without JavaScript the page shows
 * every node with plain links between them. */
(function () {
  "use strict";

  var MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                "septembre", "octobre", "novembre", "décembre"];

  function dateFr(d) {
    return (d.getDate() === 1 ? "1er" : String(d.getDate())) + " " + MONTHS[d.getMonth()] + " " + d.getFullYear();
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var depart = root.dataset.depart;
    var nodes = {};
    root.querySelectorAll(".arbre-noeud").forEach(function (el) { nodes[el.dataset.noeud] = el; });
    var bar = root.querySelector(".arbre-barre");
    var list = bar.querySelector(".arbre-chemin");
    var none = bar.querySelector(".arbre-aucune");
    var back = bar.querySelector(".arbre-retour");
    var restart = bar.querySelector(".arbre-recommencer");
    var full = bar.querySelector(".arbre-tout");
    var path = []; // indexes of the choices made, from the start

    function choicesOf(id) {
      var el = nodes[id];
      return el ? Array.prototype.slice.call(el.querySelectorAll("a.arbre-choix")) : [];
    }

    // Visible words only: not the glossary descriptions (infobulles.js) nor the « → étape N » marks.
    function textOf(el) {
      var copy = el.cloneNode(true);
      copy.querySelectorAll(".infobulle-texte, .arbre-vers, .headerlink").forEach(function (x) { x.remove(); });
      return copy.textContent.trim();
    }

    function walk(indexes) {
      var id = depart, steps = [];
      for (var i = 0; i < indexes.length; i++) {
        var link = choicesOf(id)[indexes[i]];
        if (!link) break;
        steps.push({ question: textOf(nodes[id].querySelector("h2")), answer: textOf(link),
                     dossier: link.dataset.dossier || "" });
        id = link.dataset.suivant;
      }
      return { id: id, steps: steps };
    }

    function shortestPath(target) {
      var queue = [[depart, []]], seen = {};
      while (queue.length) {
        var item = queue.shift(), id = item[0];
        if (id === target) return item[1];
        if (seen[id]) continue;
        seen[id] = true;
        choicesOf(id).forEach(function (link, index) {
          queue.push([link.dataset.suivant, item[1].concat([index])]);
        });
      }
      return [];
    }

    function render(focus) {
      var state = walk(path);
      path = path.slice(0, state.steps.length);
      Object.keys(nodes).forEach(function (id) { nodes[id].hidden = id !== state.id; });
      list.innerHTML = "";
      state.steps.forEach(function (step) {
        var li = document.createElement("li");
        li.textContent = step.question + " — " + step.answer;
        list.appendChild(li);
      });
      none.hidden = state.steps.length > 0;
      root.classList.toggle("arbre--debut", state.steps.length === 0);
      back.disabled = state.steps.length === 0;
      updateSummary(nodes[state.id], state.steps);
      if (focus) {
        var heading = nodes[state.id].querySelector("h2");
        heading.setAttribute("tabindex", "-1");
        heading.focus();
      }
    }

    // The case-file summary: today's date, and only the answers the data marks with a neutral
    // « dossier » phrase (macros/dossier.py builds the same text; the tests compare both).
    function updateSummary(node, steps) {
      var summary = node.querySelector(".resume-texte ul");
      if (!summary) return;
      var old = summary.querySelector(".resume-reponses");
      if (old) old.remove();
      summary.children[0].textContent = "Date : " + dateFr(new Date());
      var phrases = steps.filter(function (s) { return s.dossier; })
        .map(function (s) { return s.dossier.replace(/\.+$/, ""); });
      if (phrases.length) {
        var li = document.createElement("li");
        li.className = "resume-reponses";
        li.textContent = "Éléments utiles : " + phrases.join(" ; ") + ".";
        summary.insertBefore(li, summary.children[2] || null);
      }
    }

    function go(newPath, focus) {
      path = newPath;
      var hash = path.length ? "#r-" + path.join("-") : "#r";
      if (location.hash !== hash) history.pushState({ arbre: path }, "", hash);
      render(focus);
    }

    function nodeId(hash) {
      try { return decodeURIComponent(hash.slice(3)); } catch (e) { return ""; }
    }

    function fromHash() {
      var hash = location.hash, target = null;
      if (/^#r(-\d+)*$/.test(hash)) {
        path = hash.length > 2 ? hash.slice(3).split("-").map(Number) : [];
      } else if (/^#[nq]-/.test(hash) && nodes[nodeId(hash)]) {
        // #n-… (node) and #q-… (its heading, as search results link to it): shortest path there.
        target = nodeId(hash);
        path = shortestPath(target);
      } else {
        path = [];
      }
      render(false);
      if (target) nodes[target].scrollIntoView();
    }

    root.addEventListener("click", function (event) {
      var link = event.target.closest("a");
      if (!link || !root.contains(link)) return;
      var href = link.getAttribute("href") || "";
      if (link.classList.contains("arbre-choix")) {
        event.preventDefault();
        var index = choicesOf(walk(path).id).indexOf(link);
        if (index >= 0) {
          go(path.concat([index]), true);
        } else if (root.classList.contains("arbre--complet")) {
          // Full view: an answer of another step jumps to the step it leads to.
          var next = nodes[link.dataset.suivant];
          if (!next) return;
          next.scrollIntoView();
          var heading = next.querySelector("h2");
          heading.setAttribute("tabindex", "-1");
          heading.focus();
        }
      } else if (href === "#n-" + depart) {
        event.preventDefault();
        go([], true);
      }
    });
    back.addEventListener("click", function () { if (path.length) go(path.slice(0, -1), true); });
    restart.addEventListener("click", function () { go([], true); });
    full.addEventListener("click", function () {
      var on = root.classList.toggle("arbre--complet");
      full.setAttribute("aria-pressed", on ? "true" : "false");
      full.textContent = on ? "Revenir à la question en cours" : "Vue complète imprimable";
    });
    root.querySelectorAll(".arbre-copier").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var box = button.closest(".arbre-resume"); // Markdown wraps the button in a <p>
        var text = box.querySelector(".resume-texte").innerText.trim();
        var status = box.querySelector(".arbre-copie-etat");
        var done = function () { status.textContent = "Résumé copié."; };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(done, function () { status.textContent = "Copie impossible : sélectionnez le texte."; });
        } else {
          status.textContent = "Copie impossible : sélectionnez le texte.";
        }
      });
    });
    window.addEventListener("popstate", fromHash);
    window.addEventListener("hashchange", fromHash);
    root.classList.add("arbre--js");
    bar.hidden = false;
    fromHash();
  }

  function init() { document.querySelectorAll(".arbre[data-depart]").forEach(setup); }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init); // Material's instant navigation, when enabled
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
