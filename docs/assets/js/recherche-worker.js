/* Passerelle — search rules that run inside the search worker.
 *
 * Not loaded by the pages: at build time macros/offline.py puts this file, the lunr
 * language files and Material's search worker into one function
 * (assets/javascripts/workers/passerelle-search.js), which recherche.js starts as a Blob
 * worker. It runs first, so it can:
 *
 * 1. serve importScripts() from the language files bundled with it (a Blob worker, and any
 *    worker of a page opened from file://, cannot load other files);
 * 2. make the French stemmer fold accents (médecin = medecin, arrêt = arret), on the index
 *    and on the query alike: the index keeps its accented text for display, only the
 *    terms are folded;
 * 3. rewrite each query the way the index was built: apostrophes split words (l', d', qu'…
 *    straight or curly), stop words and elided articles dropped, each word stemmed and
 *    folded. Material then adds its trailing wildcard (« honorair* ») and highlights the
 *    positions that actually matched.
 */
/* global lunr, PASSERELLE_LANGUAGES */
var PASSERELLE_APOSTROPHES = /['\u2019\u2018\u02bc\u0060\u00b4]/g;
var PASSERELLE_QUERY_SYNTAX = /[*+~^:"]/g; // lunr query syntax: a person types words, not operators
var PASSERELLE_ELISIONS = { c: 1, d: 1, j: 1, l: 1, m: 1, n: 1, qu: 1, s: 1, t: 1, jusqu: 1, lorsqu: 1, puisqu: 1, quoiqu: 1 };

/** Lowercase, without diacritics; œ and æ spelled out. */
function passerelleFold(text) {
  return String(text).toLowerCase()
    .replace(/\u0153/g, "oe").replace(/\u00e6/g, "ae")
    .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}

(function () {
  "use strict";
  var nativeImport = self.importScripts;
  var queryPipeline = null;

  function foldLanguages() {
    if (!self.lunr || !lunr.fr || lunr.fr.passerelleFolded) return;
    var stem = lunr.fr.stemmer;
    var cache = Object.create(null); // the same words come back thousands of times
    var stemWord = function (word) {
      var key = passerelleFold(word);
      if (!(key in cache)) cache[key] = String(stem(new lunr.Token(key, {})));
      return cache[key];
    };
    var folded = function (token) {
      if (token && typeof token.update === "function") return token.update(stemWord);
      return typeof token === "string" ? stemWord(token) : stem(token);
    };
    lunr.Pipeline.registerFunction(folded, "stemmer-fr-sans-accents");
    lunr.fr.stemmer = folded;
    lunr.fr.passerelleFolded = true;
  }

  self.importScripts = function () {
    for (var i = 0; i < arguments.length; i++) {
      var name = String(arguments[i]).split("/").pop();
      if (typeof PASSERELLE_LANGUAGES !== "undefined" && PASSERELLE_LANGUAGES[name]) {
        PASSERELLE_LANGUAGES[name].call(self);
      } else if (nativeImport) {
        nativeImport.call(self, arguments[i]);
      } else {
        throw new Error("Passerelle : fichier de recherche absent : " + name);
      }
    }
    foldLanguages();
  };

  function pipeline() {
    if (!queryPipeline && self.lunr && lunr.fr) {
      foldLanguages();
      queryPipeline = new lunr.Pipeline();
      queryPipeline.add(lunr.fr.trimmer, lunr.fr.stopWordFilter, lunr.fr.stemmer);
    }
    return queryPipeline;
  }

  /** The query as the index knows its terms: « L’arrêt maladie » → « arret malad ». */
  function rewrite(query) {
    var run = pipeline();
    if (!run) return query;
    var separator = lunr.tokenizer.separator instanceof RegExp ? lunr.tokenizer.separator : /[\s-]+/;
    var words = String(query).toLowerCase()
      .replace(PASSERELLE_APOSTROPHES, " ")
      .replace(PASSERELLE_QUERY_SYNTAX, " ")
      .split(new RegExp(separator.source, "g"));
    var terms = [];
    for (var i = 0; i < words.length; i++) {
      var word = words[i].trim();
      if (!word || PASSERELLE_ELISIONS[passerelleFold(word)]) continue;
      var out = run.runString(word);
      for (var j = 0; j < out.length; j++) {
        var term = String(out[j]);
        if (term.length > 1 && terms.indexOf(term) === -1) terms.push(term);
      }
    }
    return terms.join(" ");
  }

  self.passerelleRewriteQuery = rewrite;

  // Registered before Material's own listener: the query is rewritten in place.
  self.addEventListener("message", function (event) {
    var message = event.data;
    if (message && message.type === 2 && typeof message.data === "string") {
      message.data = rewrite(message.data);
    }
  });
})();
