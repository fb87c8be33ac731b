/* Passerelle — starts the site's search worker from local files only, also from file://.
 *
 * Loaded before Material's bundle (mkdocs.yml, extra.polyfills). When the bundle asks for
 * its search worker, this starts instead the worker built by macros/offline.py
 * (assets/javascripts/workers/passerelle-search.js: Material's worker, the French stemmer
 * and Passerelle's search rules) as a Blob worker. Chromium refuses a worker script read
 * from file://, not a Blob one: the site opened from a zip searches like the served site.
 * No request leaves the site; if the file is missing, Material's own worker starts.
 */
(function () {
  "use strict";
  var Native = window.Worker;
  if (typeof Native !== "function" || typeof Blob === "undefined" || typeof EventTarget !== "function") return;
  var MATERIAL_WORKER = /\/workers\/search\.[0-9a-f]+\.min\.js(?:[?#].*)?$/;

  class PasserelleSearchWorker extends EventTarget {
    constructor(url) {
      super();
      this.queue = [];
      this.worker = null;
      this.onmessage = null;
      this.onerror = null;
      var script = document.createElement("script");
      script.src = new URL("passerelle-search.js", new URL(url, document.baseURI)).href;
      script.onload = () => this.start(window.__passerelleSearchWorker, url);
      script.onerror = () => this.start(null, url);
      (document.head || document.documentElement).appendChild(script);
    }

    start(source, url) {
      var worker = null;
      try {
        if (typeof source === "function") {
          var blob = new Blob(["(" + source.toString() + ")();\n"], { type: "text/javascript" });
          worker = new Native(URL.createObjectURL(blob));
        } else {
          worker = new Native(url);
        }
      } catch (error) {
        this.dispatchEvent(new Event("error"));
        return;
      }
      worker.addEventListener("message", (event) => {
        var copy = new MessageEvent("message", { data: event.data });
        this.dispatchEvent(copy);
        if (typeof this.onmessage === "function") this.onmessage(copy);
      });
      worker.addEventListener("error", (event) => {
        if (typeof this.onerror === "function") this.onerror(event);
      });
      this.worker = worker;
      this.queue.splice(0).forEach((message) => worker.postMessage(message));
    }

    postMessage(message) {
      if (this.worker) this.worker.postMessage(message);
      else this.queue.push(message);
    }

    terminate() {
      if (this.worker) this.worker.terminate();
      this.queue = [];
    }
  }

  function Worker(url, options) {
    if (MATERIAL_WORKER.test(String(url))) return new PasserelleSearchWorker(String(url));
    return new Native(url, options);
  }
  Worker.prototype = Native.prototype;
  window.Worker = Worker;
})();
