// Draws every figure whose JSON sits in a <script type="application/json"> block, and
// re-applies the dashboard filters as soon as one changes. No inline script needed.
(function () {
  "use strict";

  // Labels come wrapped for a desktop chart (plotly breaks lines only at <br>). In a narrow
  // chart (a phone) they are wrapped again, shorter, so that nothing is cut.
  var NARROW = 640;

  function rewrap(text, width) {
    if (typeof text !== "string") {
      return text;
    }
    var lines = [];
    var line = "";
    text.split("<br>").join(" ").split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) {
      lines.push(line);
    }
    return lines.join("<br>");
  }

  function fitNarrow(figure, pixels) {
    if (pixels >= NARROW) {
      return;
    }
    var labelWidth = Math.max(14, Math.floor(pixels / 17));
    var titleWidth = Math.max(20, Math.floor(pixels / 9));
    var layout = figure.layout;
    var label = function (text) { return rewrap(text, labelWidth); };
    var lines = function (texts) {
      return texts.reduce(function (sum, text) { return sum + String(text).split("<br>").length; }, 0);
    };
    var added = 0; // lines the new wrapping adds: the chart grows by as many
    if (layout.yaxis && layout.yaxis.categoryarray) {
      added += lines(layout.yaxis.categoryarray.map(label)) - lines(layout.yaxis.categoryarray);
    }
    if (layout.height && added > 0) {
      layout.height += added * 18;
    }
    (layout.annotations || []).forEach(function (note) {
      // the "no data" message
      note.text = rewrap(note.text, titleWidth);
    });
    ["xaxis", "yaxis"].forEach(function (name) {
      var axis = layout[name];
      if (axis && axis.categoryarray) {
        axis.categoryarray = axis.categoryarray.map(label);
      }
    });
    figure.data.forEach(function (trace) {
      var categories = trace.orientation === "h" ? "y" : "x";
      if (Array.isArray(trace[categories]) && typeof trace[categories][0] === "string") {
        trace[categories] = trace[categories].map(label);
      }
    });
  }

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
      // the title is the figure's caption, in the page: it wraps like any text
      figure.layout.title = { text: "" };
      fitNarrow(figure, element.clientWidth);
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
