// Draws every figure whose JSON sits in a <script type="application/json"> block, and
// re-applies the dashboard filters as soon as one changes. No inline script needed.
(function () {
  "use strict";

  function draw() {
    if (typeof Plotly === "undefined") {
      return;
    }
    document.querySelectorAll("[data-figure]").forEach(function (element) {
      var source = document.getElementById(element.getAttribute("data-figure"));
      if (!source) {
        return;
      }
      var figure = JSON.parse(source.textContent);
      Plotly.newPlot(element, figure.data, figure.layout, {
        displaylogo: false,
        responsive: true,
        modeBarButtonsToRemove: ["sendDataToCloud"],
      }).then(function () {
        element.setAttribute("data-drawn", "true");
      });
    });
  }

  function watchFilters() {
    document.querySelectorAll("[data-dashboard-filters]").forEach(function (form) {
      form.addEventListener("change", function () {
        form.requestSubmit ? form.requestSubmit() : form.submit();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      draw();
      watchFilters();
    });
  } else {
    draw();
    watchFilters();
  }
})();
