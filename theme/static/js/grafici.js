/* Draws every chart of the page with plotly.js.
 *
 * Each chart is a <div data-grafico="ID"> with its Plotly spec in
 * <script type="application/json" id="ID">: data, not code, so the page needs no
 * inline script and works under a strict Content-Security-Policy. Without
 * JavaScript the data table next to the chart shows the same numbers.
 */
(function () {
  "use strict";
  var CONFIG = {
    displaylogo: false,
    responsive: true,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "zoomIn2d", "zoomOut2d", "pan2d", "zoom2d"],
    toImageButtonOptions: { format: "png", scale: 2 }
  };

  function draw(area) {
    var source = document.getElementById(area.getAttribute("data-grafico"));
    if (!source || !window.Plotly) { return; }
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (e) {
      return; /* the table below still shows the data */
    }
    area.classList.add("grafico__area--pronto");
    window.Plotly.newPlot(area, spec.data, spec.layout, CONFIG);
  }

  function init() {
    var areas = document.querySelectorAll("[data-grafico]");
    for (var i = 0; i < areas.length; i++) { draw(areas[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
