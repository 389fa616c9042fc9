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

  /* The only toolbar button kept is "download as PNG": the others zoom or pan
   * (the axes are fixed) or send the chart to Plotly's cloud, a third party.
   * The toolbar is always shown, so that keyboard users see the button they
   * reach with Tab (by default it appears only on mouse hover). */
  var CONFIG = {
    displaylogo: false,
    responsive: true,
    displayModeBar: true,
    modeBarButtons: [["toImage"]],
    locale: "it",
    toImageButtonOptions: { format: "png", scale: 2 }
  };

  /* Plotly's interface texts in Italian; numbers are already formatted in the spec. */
  var ITALIANO = {
    moduleType: "locale",
    name: "it",
    dictionary: {
      "Download plot as a PNG": "Scarica il grafico come immagine PNG",
      "Download plot": "Scarica il grafico",
      "Preparing image - this may take a few seconds": "Preparazione dell'immagine in corso",
      "Image download succeeded": "Immagine scaricata",
      "Sorry, there was a problem downloading your image!": "Non è stato possibile scaricare l'immagine"
    },
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

  function draw(area) {
    var source = document.getElementById(area.getAttribute("data-grafico"));
    if (!source || !window.Plotly) { return; }
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (e) {
      return; /* the table below still shows the data */
    }
    adapt(spec, area.clientWidth);
    var config = Object.assign({}, CONFIG, {
      toImageButtonOptions: Object.assign({ filename: area.id || "grafico" }, CONFIG.toImageButtonOptions)
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

  function init() {
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
