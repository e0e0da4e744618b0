// Dashboards: draws each <canvas data-chart="ID"> from the JSON in <script id="ID">
// (json_script; CSP allows no inline script). The numbers are also in the table beside it,
// so a page without JavaScript, or a screen reader, loses nothing.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof window.Chart === "undefined") return;
  const palette = ["#1e3a8a", "#c2410c", "#0f766e", "#a21caf", "#ca8a04", "#475569", "#be123c"];
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    const spec = JSON.parse(source.textContent);
    const pie = spec.kind === "pie";
    const datasets = spec.series.map((series, i) => ({
      label: series.label,
      data: series.data,
      backgroundColor: pie ? spec.labels.map((_, j) => palette[j % palette.length]) : palette[i % palette.length],
      borderColor: pie ? "#fff" : palette[i % palette.length],
      borderWidth: pie ? 1 : 2,
      pointRadius: 0,
      tension: 0.2,
    }));
    const number = new Intl.NumberFormat(spec.locale);
    const axes = pie ? {} : {
      x: { stacked: spec.stacked, title: { display: true, text: spec.x }, ticks: { maxRotation: 0, autoSkip: true } },
      y: { stacked: spec.stacked, beginAtZero: true, title: { display: true, text: spec.y },
           ticks: { callback: (value) => number.format(value) } },
    };
    new window.Chart(canvas, {
      type: spec.kind,
      data: { labels: spec.labels, datasets },
      options: {
        locale: spec.locale,
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: pie ? "nearest" : "index", intersect: false },
        plugins: { legend: { position: "bottom" } },
        scales: axes,
      },
    });
  });
});
