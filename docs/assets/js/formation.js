/* Passerelle — training pages: trainer / learner mode and in-page quizzes.
 *
 * Mode: a button (aria-pressed) switches between learner mode (answers, keys and trainer notes hidden)
 * and trainer mode (shown, keys unfolded so that printing follows the mode). The choice is kept in
 * localStorage on this device only. Quiz: answers are checked in the page; feedback is announced
 * (aria-live); the score is computed here and shown to the learner only. Nothing is sent anywhere.
 * Without JavaScript every question stays readable, its key folded in a <details>. */
(function () {
  "use strict";

  var KEY = "passerelle-mode";
  var root = document.documentElement;

  function storedMode() {
    try { return localStorage.getItem(KEY) === "formateur" ? "formateur" : "apprenant"; } catch (e) { return "apprenant"; }
  }

  function applyMode(mode, save) {
    root.setAttribute("data-passerelle-mode", mode);
    if (save) { try { localStorage.setItem(KEY, mode); } catch (e) { /* storage refused: mode lasts this page */ } }
    document.querySelectorAll("details.formateur-seul").forEach(function (d) { d.open = mode === "formateur"; });
    document.querySelectorAll(".formation-bascule").forEach(function (button) {
      button.setAttribute("aria-pressed", mode === "formateur" ? "true" : "false");
    });
    document.querySelectorAll(".formation-mode-etat").forEach(function (el) {
      el.textContent = mode === "formateur"
        ? "Mode formateur : réponses, corrigés et notes affichés (aussi à l'impression)."
        : "Mode apprenant : réponses, corrigés et notes masqués (aussi à l'impression).";
    });
  }

  applyMode(storedMode(), false); // as early as possible: no flash of answers

  function text(el) { return el ? el.innerHTML : ""; }

  function setupQuestion(fieldset, scores) {
    var type = fieldset.dataset.type;
    var id = fieldset.id;
    var actions = fieldset.querySelector(".quiz-actions");
    var button = fieldset.querySelector(".quiz-valider");
    var region = fieldset.querySelector(".quiz-retour");
    var key = {};
    fieldset.querySelectorAll(".quiz-cle-liste > li").forEach(function (li) { key[li.dataset.valeur] = li; });
    actions.hidden = false;
    button.addEventListener("click", function () {
      var checked = Array.prototype.map.call(fieldset.querySelectorAll("input:checked"), function (i) { return i.value; });
      if (!checked.length) {
        region.innerHTML = "<p>Choisissez d'abord une réponse.</p>";
        return;
      }
      var html, score;
      if (type === "choix-multiple") {
        var total = 0;
        checked.forEach(function (v) { total += parseFloat(key[v].dataset.poids); });
        score = Math.max(0, Math.min(100, total)) / 100;
        var verdict = score >= 0.999 ? "Réponse complète." : score > 0 ? "Réponse partielle (" + Math.round(score * 100) + " % des points)." : "Réponse incorrecte.";
        html = "<p><strong>" + verdict + "</strong></p><ul>" + checked.map(function (v) {
          var li = key[v];
          return "<li>" + (li.dataset.juste === "oui" ? "Bonne réponse" : "Mauvaise réponse") + " : " + text(li.querySelector(".quiz-explication")) + "</li>";
        }).join("") + "</ul>";
      } else {
        var li = key[checked[0]];
        score = li.dataset.juste === "oui" ? 1 : 0;
        html = "<p><strong>" + (score ? "Bonne réponse." : "Ce n'est pas la bonne réponse.") + "</strong> " + text(li.querySelector(".quiz-explication")) + "</p>";
      }
      scores[id] = score;
      region.innerHTML = html;
      fieldset.classList.toggle("quiz-question--juste", score >= 0.999);
      fieldset.classList.toggle("quiz-question--faux", score < 0.999);
    });
  }

  function setupQuiz(quiz) {
    if (quiz.dataset.ready) return;
    quiz.dataset.ready = "1";
    var scores = {};
    var questions = quiz.querySelectorAll(".quiz-question");
    questions.forEach(function (q) { setupQuestion(q, scores); });
    var bilan = quiz.querySelector(".quiz-bilan");
    var out = quiz.querySelector(".quiz-score");
    bilan.hidden = false;
    quiz.querySelector(".quiz-score-bouton").addEventListener("click", function () {
      var done = Object.keys(scores);
      var points = done.reduce(function (sum, id) { return sum + scores[id]; }, 0);
      var shown = Math.round(points * 100) / 100;
      out.textContent = done.length
        ? "Votre score : " + String(shown).replace(".", ",") + " sur " + questions.length + " (" + done.length + " question(s) validée(s) sur " + questions.length + "). Ce score reste dans cette page."
        : "Validez au moins une réponse pour voir votre score.";
    });
  }

  function init() {
    applyMode(storedMode(), false);
    document.querySelectorAll(".formation-mode").forEach(function (box) {
      box.hidden = false;
      var button = box.querySelector(".formation-bascule");
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.addEventListener("click", function () {
        applyMode(root.getAttribute("data-passerelle-mode") === "formateur" ? "apprenant" : "formateur", true);
      });
    });
    document.querySelectorAll(".quiz").forEach(setupQuiz);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
