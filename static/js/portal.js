// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Progress bars take their width from data-progress (CSP forbids inline styles).
  document.querySelectorAll("[data-progress]").forEach((el) => {
    el.style.width = `${Math.max(0, Math.min(100, Number(el.dataset.progress) || 0))}%`;
  });
  // Elements with data-confirm ask before submitting.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
