// Draws the ranking charts from data the page embeds with json_script (ids below).
// Chart.js is vendored (core/static/vendor/chartjs); every chart has a table with the same figures.
(function () {
  "use strict";

  function data(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function draw() {
    if (typeof Chart === "undefined") return;
    var charts = data("ranking-charts");
    if (!charts) return;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;

    var bars = document.getElementById("chart-ranking");
    if (bars && charts.bars && charts.bars.values.length) {
      new Chart(bars, {
        type: "bar",
        data: {
          labels: charts.bars.labels,
          datasets: [{ label: charts.bars.label, data: charts.bars.values, backgroundColor: charts.bars.colours }],
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { x: { min: 0, max: 100 } },
        },
      });
    }

    var predicates = document.getElementById("chart-predicates");
    if (predicates && charts.predicates && charts.predicates.values.length) {
      new Chart(predicates, {
        type: "doughnut",
        data: {
          labels: charts.predicates.labels,
          datasets: [{ data: charts.predicates.values, backgroundColor: charts.predicates.colours }],
        },
        options: { plugins: { legend: { position: "bottom" } } },
      });
    }

    var trend = document.getElementById("chart-trend");
    if (trend && charts.trend && charts.trend.labels.length) {
      new Chart(trend, {
        type: "line",
        data: {
          labels: charts.trend.labels,
          datasets: [
            { label: charts.trend.official_label, data: charts.trend.official, borderColor: "#1b7f3b", backgroundColor: "#1b7f3b", spanGaps: true },
            { label: charts.trend.estimate_label, data: charts.trend.estimate, borderColor: "#4f9fd6", backgroundColor: "#4f9fd6", borderDash: [6, 4], spanGaps: true },
          ],
        },
        options: { scales: { y: { min: 0, max: 100 } }, plugins: { legend: { position: "bottom" } } },
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
