// The query editor: YASGUI on this site's SPARQL endpoint, with the stored queries as examples.
(function () {
  "use strict";
  var holder = document.getElementById("yasgui");
  var examples = JSON.parse(document.getElementById("examples").textContent);
  var asked = location.hash ? decodeURIComponent(location.hash.slice(1)) : "";  // before YASGUI reads the URL
  // a query handed over by a link (the views' "Show the query": query.html?query=...): shown, never run
  var handed = new URLSearchParams(location.search).get("query");
  var endpoint = holder.getAttribute("data-endpoint") || new URL("sparql", document.baseURI).href;
  document.getElementById("endpoint-shown").textContent = endpoint;
  if (location.protocol === "file:" && !holder.getAttribute("data-endpoint")) {
    document.getElementById("needs-server").hidden = false;
  }
  var yasgui = new Yasgui(holder, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    autofocus: false,  // the page, not the editor, has the focus first: Tab reaches the skip link
    yasqe: { autocompleters: [], autofocus: false }
  });
  window.clusterkgYasgui = yasgui;
  function byName(name) {
    for (var i = 0; i < examples.length; i++) { if (examples[i].name === name) return examples[i]; }
    return null;
  }
  function load(name) {
    var example = byName(name);
    if (!example) return;
    var tab = yasgui.getTab();
    tab.setEndpoint && tab.setEndpoint(endpoint);
    tab.getYasqe().setValue(example.text);
    document.getElementById("example").value = name;
  }
  document.getElementById("examples-form").addEventListener("submit", function (event) {
    event.preventDefault();
    load(document.getElementById("example").value);
  });
  // label what YASGUI draws without a name, so that screen readers and keyboards can use it
  function labelControls() {
    var area = holder.querySelector(".CodeMirror textarea");
    if (area && !area.getAttribute("aria-label")) area.setAttribute("aria-label", "SPARQL query");
    holder.querySelectorAll("button:not([aria-label]), a[role=button]:not([aria-label])").forEach(function (b) {
      if (!b.textContent.trim()) b.setAttribute("aria-label", b.getAttribute("title") || "Editor control");
    });
    holder.querySelectorAll("input:not([aria-label])").forEach(function (i) {
      if (!i.labels || !i.labels.length) i.setAttribute("aria-label", i.getAttribute("placeholder") || "Editor setting");
    });
    holder.querySelectorAll("select:not([aria-label])").forEach(function (s) {
      if (!s.labels || !s.labels.length) s.setAttribute("aria-label", s.classList.contains("tableSizer") ? "Rows per page" : "Editor setting");
    });
    // the editor's scrolling area takes the keyboard too (arrow keys scroll a long query)
    holder.querySelectorAll(".CodeMirror-scroll[tabindex='-1']").forEach(function (area) {
      area.setAttribute("tabindex", "0");
      area.setAttribute("aria-label", "SPARQL query, scrolling area");
    });
  }
  labelControls();
  new MutationObserver(labelControls).observe(holder, { childList: true, subtree: true });
  if (handed) yasgui.getTab().getYasqe().setValue(handed);
  else load(byName(asked) ? asked : examples[0].name);
  window.clusterkg = { ready: true, load: load };
})();
