/* Draws every chart of the page with plotly.js.
 *
 * Each chart is a <div data-grafico="ID"> with its Plotly spec in
 * <script type="application/json" id="ID">: data, not code, so the page needs no
 * inline script and works under a strict Content-Security-Policy. Without
 * JavaScript the data table next to the chart shows the same numbers.
 *
 * plotly.js (this script's data-plotly) is 9/10 of what a page with a chart
 * weighs: about 400 KB compressed, and a second or more of a phone's processor.
 * It is fetched, and a chart drawn, only when the chart comes within a
 * screen's height of the viewport: a reader who stays at the top of a project
 * page (title, description, scheda) never downloads it.
 */
(function () {
  "use strict";

  var PLOTLY_SRC = document.currentScript && document.currentScript.getAttribute("data-plotly");
  /* "100%": a screen's height below (and above) the viewport, so that at a
   * reading pace the chart is drawn before it is seen. */
  var NEAR = "100% 0px";

  /* The only toolbar button is the site's own "download as PNG" (draw): Plotly's
   * others zoom or pan (the axes are fixed) or send the chart to Plotly's cloud,
   * a third party. The toolbar is always shown, so that keyboard users see the
   * button they reach with Tab (by default it appears only on mouse hover). */
  var CONFIG = {
    displaylogo: false,
    responsive: true,
    displayModeBar: true,
    locale: "it"
  };

  /* Italian separators for what Plotly formats itself (the axes' ticks); the
   * amounts are already formatted in the spec. Its interface texts belonged to
   * its own download button, which the site's replaces (downloadImage). */
  var ITALIANO = {
    moduleType: "locale",
    name: "it",
    dictionary: {},
    format: { decimal: ",", thousands: "." }
  };

  /* Once drawn, the area holds a toolbar button: it becomes a named group (an
   * image may not contain a button), and the drawing itself, whose numbers are
   * read from the table below, is hidden from screen readers. Before that (and
   * without JavaScript) the empty area says nothing at all. */
  function describe(area) {
    area.setAttribute("role", "group");
    area.setAttribute("aria-label", area.getAttribute("data-etichetta") || "Grafico");
    var layers = area.querySelectorAll("svg.main-svg");
    for (var i = 0; i < layers.length; i++) {
      layers[i].setAttribute("aria-hidden", "true");
      layers[i].setAttribute("focusable", "false");
    }
  }

  /* Presentation that depends on where the chart is drawn, not on the data:
   * room above the bars for the toolbar, its colours readable (3:1 at least),
   * and on a phone no amounts written beside the bars (they would be cut at
   * the edge; the table below and the hover label give them) and fewer ticks. */
  var TOOLBAR_ROOM = 32;
  var NARROW = 560;

  function adapt(spec, width) {
    var layout = spec.layout || {};
    var margin = Object.assign({ t: 0 }, layout.margin);
    var extra = Math.max(0, TOOLBAR_ROOM - margin.t);
    margin.t += extra;
    layout.margin = margin;
    if (layout.height) { layout.height += extra; }
    layout.modebar = { color: "#5C6F82", activecolor: "#003366", bgcolor: "rgba(255,255,255,0)" };
    if (width < NARROW) {
      (spec.data || []).forEach(function (trace) { trace.textposition = "none"; });
      layout.xaxis = Object.assign({}, layout.xaxis, { nticks: 3 });
    }
    spec.layout = layout;
    return spec;
  }

  function specOf(area) {
    var source = document.getElementById(area.getAttribute("data-grafico"));
    try {
      return source ? JSON.parse(source.textContent) : null;
    } catch (e) {
      return null; /* the table below still shows the data */
    }
  }

  /* The image a reader downloads travels without the page: it carries the
   * chart's title, its source and date, and the credit with the page's address.
   * It is drawn at 800 px or wider, in a font every machine has: the image is
   * made outside the page, where the site's web font is missing, and text laid
   * out for it came out cut ("Erogatc", the € of the amounts). */
  var IMAGE_WIDTH = 800;
  var IMAGE_FONT = "Arial, Helvetica, 'Liberation Sans', sans-serif";

  function escapeText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function lines(text, width) {
    var out = [], line = "";
    text.split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        out.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) { out.push(line); }
    return out;
  }

  function downloadImage(area) {
    var spec = specOf(area);
    if (!spec) { return; }
    var width = Math.max(IMAGE_WIDTH, area.clientWidth);
    adapt(spec, width);
    var layout = spec.layout;
    var figure = area.closest("figure");
    var heading = figure && figure.querySelector(".grafico__titolo");
    var canonical = document.querySelector('link[rel="canonical"]');
    var page = document.querySelector("h1");
    var about = page && heading && page.textContent.trim() !== heading.textContent.trim() ? page.textContent.trim() : "";
    var credit = lines(about, 110).concat(
      lines(area.getAttribute("data-fonte") || "", 110),
      lines("Dati: PON Metro Aperto, licenza CC BY 4.0 – " + (canonical ? canonical.href : window.location.href), 110));
    /* The legend goes above the bars, under the title: below them the source is. */
    var legend = layout.showlegend ? 28 : 0;
    var top = 44 + legend, bottom = 24 + 16 * credit.length;
    if (legend) {
      layout.legend = Object.assign({}, layout.legend, { x: 0, xanchor: "left", y: 1, yanchor: "bottom" });
    }
    layout.font = Object.assign({}, layout.font, { family: IMAGE_FONT });
    /* No <b> or other markup in the texts: Plotly writes it as style attributes,
     * which the site's Content-Security-Policy refuses. */
    layout.title = { text: escapeText(heading ? heading.textContent.trim() : ""),
                     x: 0, xref: "paper", xanchor: "left", y: 1, yref: "container", yanchor: "top",
                     pad: { t: 12 }, font: { size: 18, color: "#003366", weight: 700 } };
    layout.margin = Object.assign({}, layout.margin);
    layout.margin.t = (layout.margin.t || 0) + top;
    layout.margin.b = (layout.margin.b || 0) + bottom;
    layout.height = (layout.height || area.clientHeight) + top + bottom;
    layout.annotations = (layout.annotations || []).concat([{
      text: credit.map(escapeText).join("<br>"), showarrow: false, align: "left",
      xref: "paper", x: 0, xanchor: "left", yref: "paper", y: 0, yanchor: "top", yshift: -36,
      font: { size: 12, color: "#1A1A1A" }
    }]);
    window.Plotly.downloadImage({ data: spec.data, layout: layout },
      { format: "png", scale: 2, width: width, height: layout.height, filename: area.id || "grafico" });
  }

  function draw(area) {
    if (!window.Plotly) { return; }
    var spec = specOf(area);
    if (!spec) { return; }
    adapt(spec, area.clientWidth);
    var config = Object.assign({}, CONFIG, {
      modeBarButtons: [[{
        name: "scarica-png",
        title: "Scarica il grafico come immagine PNG",
        icon: window.Plotly.Icons.camera,
        click: function () { downloadImage(area); }
      }]]
    });
    area.classList.add("grafico__area--pronto");
    window.Plotly.newPlot(area, spec.data, spec.layout, config).then(function () {
      describe(area);
      if (document.body.classList.contains("incorporato")) { fold(area); }
    });
  }

  /* An embed page lives in an iframe of a set height on another site: once its
   * chart is drawn, the table of the same numbers folds under a switch, so that
   * the source, the date and the credit below it stay in view (with the table
   * open they were cut off, at 360 px as at 1000). Without JavaScript nothing
   * is drawn and the table stays open. */
  function fold(area) {
    var table = area.parentNode.querySelector(".tabella-scorre");
    if (!table) { return; }
    var details = document.createElement("details");
    details.className = "grafico__dati";
    var summary = document.createElement("summary");
    summary.textContent = "Mostra i dati del grafico";
    details.appendChild(summary);
    table.parentNode.insertBefore(details, table);
    details.appendChild(table);
  }

  /* Runs `then` once plotly.js is loaded, loading it at the first call. If it
   * cannot be loaded, nothing is drawn and the tables keep showing the data. */
  var plotly = null;
  function withPlotly(then) {
    if (!plotly) {
      plotly = new Promise(function (loaded) {
        var script = document.createElement("script");
        script.src = PLOTLY_SRC;
        script.onload = function () {
          if (!window.Plotly) { return; }
          window.Plotly.register(ITALIANO);
          loaded();
        };
        document.head.appendChild(script);
      });
    }
    plotly.then(then);
  }

  /* An embed page tells the page that frames it how tall it is, whenever that
   * changes (the chart drawn, the table opened, the width changed). The embed
   * code's few lines of script set the iframe to that height: its fixed height,
   * made for a 360 px phone, left a blank band under the chart on a wide screen
   * and cut the credit off on a narrower phone. The message holds only a
   * height, so it may go to any page. */
  function reportHeight() {
    if (window.parent === window || !("ResizeObserver" in window)) { return; }
    var main = document.querySelector("main");
    var last = 0;
    new ResizeObserver(function () {
      var height = Math.ceil(main.getBoundingClientRect().bottom + window.scrollY);
      if (height !== last) {
        last = height;
        window.parent.postMessage({ ponmetro: "altezza", altezza: height }, "*");
      }
    }).observe(main);
  }

  function init() {
    if (document.body.classList.contains("incorporato")) { reportHeight(); }
    var areas = Array.prototype.slice.call(document.querySelectorAll("[data-grafico]"));
    if (!areas.length || !PLOTLY_SRC) { return; }
    if (!("IntersectionObserver" in window)) {
      withPlotly(function () { areas.forEach(draw); });
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) { return; }
        observer.unobserve(entry.target);
        withPlotly(function () { draw(entry.target); });
      });
    }, { rootMargin: NEAR });
    areas.forEach(function (area) { observer.observe(area); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
