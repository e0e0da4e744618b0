// The unread-messages badge of the navigation, fetched after the page so that no page pays
// a database query for it (list pages pin their query counts).
document.addEventListener("DOMContentLoaded", () => {
  const link = document.querySelector("[data-unread-url]");
  if (!link) return;
  fetch(link.dataset.unreadUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .then((data) => {
      if (!data || !data.unread) return;
      const badge = link.querySelector(".nav-unread");
      badge.textContent = String(data.unread);
      badge.setAttribute("aria-label", data.label);
      badge.hidden = false;
    })
    .catch(() => {});
});
