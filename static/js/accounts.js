// Organisation form: offer only the states / prefectures of the chosen country.
(function () {
  "use strict";
  document.querySelectorAll("select[data-region-for]").forEach(function (region) {
    var country = document.getElementById(region.dataset.regionFor);
    if (!country) { return; }
    var groups = Array.prototype.slice.call(region.querySelectorAll("optgroup"));
    function sync() {
      var code = country.value;
      groups.forEach(function (group) {
        var matches = false;
        Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
          var same = option.value.indexOf(code + "-") === 0;
          option.hidden = !same;
          option.disabled = !same;
          matches = matches || same;
        });
        group.hidden = !matches;
      });
      var selected = region.options[region.selectedIndex];
      if (selected && selected.disabled) { region.value = ""; }
    }
    function identifiers() {
      // Udyam numbers are Indian, Corporate Numbers Japanese: show the one that applies.
      document.querySelectorAll("[data-country-only]").forEach(function (block) {
        block.hidden = Boolean(country.value) && block.dataset.countryOnly !== country.value;
      });
    }
    country.addEventListener("change", sync);
    country.addEventListener("change", identifiers);
    sync();
    identifiers();
  });
})();
