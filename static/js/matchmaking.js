// Directory facets: apply a ticked or unticked facet at once (the button stays for no-JS use).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("facets");
  if (!form) return;
  form.addEventListener("change", (event) => {
    if (event.target.matches("input[type=checkbox]")) form.submit();
  });
});
