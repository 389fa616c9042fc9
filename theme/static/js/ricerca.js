/* The search box in the header: Pagefind's static index, queried in the browser.
 *
 * Progressive enhancement. Without JavaScript (or where the index cannot be
 * loaded, as when the site is opened from disk) the form simply opens the list
 * of all projects with the words typed; there, the list's own filter applies
 * them. With JavaScript the results (links to project pages) appear under the
 * box as you type; Enter moves to them.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-ricerca]");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var out = document.getElementById("ricerca-risultati");
  var base = new URL((form.getAttribute("data-ricerca") || ".") + "/", window.location.href);
  var loading = null;
  var timer = null;
  var latest = 0;
  var shown = null;  /* the query whose results are on screen */

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", base).href)
        .then(function (pagefind) {
          pagefind.options({ baseUrl: base.pathname });
          return pagefind.init().then(function () { return pagefind; });
        })
        .catch(function () { return null; });
    }
    return loading;
  }

  function plain(html) {
    return new DOMParser().parseFromString(html, "text/html").body.textContent || "";
  }

  function show(results, query) {
    if (query === shown) { return; }  /* same results: keep the focus where it is */
    shown = query;
    out.textContent = "";
    if (!query) { return; }
    var summary = document.createElement("p");
    summary.className = "ricerca__esito";
    summary.textContent = results.length
      ? (results.length === 1 ? "1 progetto trovato" : results.length + " progetti trovati")
      : "Nessun progetto trovato per «" + query + "»";
    out.appendChild(summary);
    if (!results.length) { return; }
    var list = document.createElement("ul");
    list.className = "ricerca__elenco";
    results.forEach(function (r) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = r.url;
      link.textContent = (r.meta && r.meta.title) || r.url;
      item.appendChild(link);
      var excerpt = document.createElement("span");
      excerpt.className = "ricerca__estratto";
      excerpt.textContent = plain(r.excerpt || "");
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    out.appendChild(list);
  }

  function search() {
    var query = input.value.trim();
    var ticket = ++latest;
    return load().then(function (pagefind) {
      if (!pagefind) { return false; }
      if (!query) { show([], ""); return true; }
      return pagefind.search(query).then(function (found) {
        var first = found.results.slice(0, 10);
        return Promise.all(first.map(function (r) { return r.data(); })).then(function (data) {
          if (ticket === latest) { show(data, query); }
          return true;
        });
      });
    });
  }

  /* The results lie over the page: they go with Escape, a click elsewhere or the
   * focus leaving the search (WCAG 1.4.13, 2.4.11: on a phone they covered the
   * menu that the next Tab reached). Back in the box, they come back. */
  function close() {
    window.clearTimeout(timer);
    latest += 1;  /* a search still running shows nothing */
    shown = null;
    out.textContent = "";
  }

  var closing = false;
  input.addEventListener("focus", function () {
    load();
    if (!closing && !out.firstChild && input.value.trim()) { search(); }
  });
  form.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && out.firstChild) {
      event.preventDefault();  /* the first Escape closes the results, a second one empties the box */
      close();
      closing = true;
      input.focus();
      closing = false;
    }
  });
  form.addEventListener("focusout", function (event) {
    if (!event.relatedTarget || !form.contains(event.relatedTarget)) { close(); }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) { close(); }
  });
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 150);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    search().then(function (ok) {
      if (!ok) { form.submit(); return; }  /* no index here: open the project list */
      var first = out.querySelector("a");
      if (first) { first.focus(); }
    });
  });

  /* On the list of all projects, apply the words of a search that landed there. */
  document.addEventListener("DOMContentLoaded", function () {
    var filter = document.getElementById("filtro-testo");
    var query = new URLSearchParams(window.location.search).get("q");
    if (filter && query) {
      filter.value = query;
      filter.dispatchEvent(new Event("input"));
    }
  });
})();
