// The map's filter: one cluster's districts stand out, the rest fade, and the table keeps their rows only.
// The address keeps the choice (#cluster=cluster/aerospace), so a filtered map can be shared as a link.
(function () {
  "use strict";
  var select = document.getElementById("cluster");
  var status = document.getElementById("map-status");
  var marked = document.querySelectorAll("[data-clusters]");
  function apply() {
    var wanted = select.value;
    var hits = 0;
    Array.prototype.forEach.call(marked, function (el) {
      var on = !wanted || (" " + el.getAttribute("data-clusters") + " ").indexOf(" " + wanted + " ") >= 0;
      el.classList.toggle("faded", !on);
      if (el.tagName === "TR" || el.tagName === "LI") el.hidden = !on;
      if (on && el.classList.contains("district") && wanted) hits++;
    });
    status.textContent = wanted ? select.options[select.selectedIndex].text + ": located in " + hits +
      " district" + (hits === 1 ? "" : "s") + " on the map." : "";
    var hash = wanted ? "#cluster=" + encodeURIComponent(wanted) : "";
    if (hash !== location.hash) history.replaceState(null, "", hash || location.pathname + location.search);
  }
  var asked = /^#cluster=(.+)$/.exec(location.hash);
  if (asked) {
    var value = decodeURIComponent(asked[1]);
    if (Array.prototype.some.call(select.options, function (o) { return o.value === value; })) select.value = value;
  }
  select.addEventListener("change", apply);
  apply();
  window.clusterkg = { ready: true, apply: apply };
})();
