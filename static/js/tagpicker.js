// Long multiple-choice fields (150+ capabilities) become a searchable tag picker grouped by
// sector (Tom Select, vendored under static/vendor/tom-select/). The <select multiple> stays
// the form field, so the page works without JavaScript; texts come from data-* attributes in
// the reader's language (no inline script: CSP is script-src 'self').
document.addEventListener("DOMContentLoaded", () => {
  if (typeof TomSelect === "undefined") return;
  document.querySelectorAll("select[multiple][data-tag-picker]").forEach((select) => {
    const noResults = select.dataset.noResults || "";
    const remove = select.dataset.removeLabel || "×";
    new TomSelect(select, {
      plugins: { remove_button: { title: remove, label: "×" }, caret_position: {} },
      maxOptions: null,
      hidePlaceholder: true,
      placeholder: select.dataset.placeholder || "",
      closeAfterSelect: false,
      render: {
        no_results: () => {
          const div = document.createElement("div");
          div.className = "no-results";
          div.textContent = noResults;
          return div;
        },
      },
    });
  });
});
