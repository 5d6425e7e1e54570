// Draw one view: nodes (with their positions), edges and options come from the JSON block #view-data. Every
// control works from the keyboard: find a node by name, zoom, show all, filter by kind (the view then fits what
// is left), open a group. The address keeps the state (#node=...&hide=...&open=...&pairs=...), so a view can be
// shared as a link and opens where it was left.
(function () {
  "use strict";
  var spec = JSON.parse(document.getElementById("view-data").textContent);
  // the drawing fills the screen below whatever comes before it (the header, however many lines it takes)
  var view = document.querySelector(".view");
  document.documentElement.style.setProperty("--above-view", Math.ceil(view.getBoundingClientRect().top + window.scrollY) + "px");
  var ID_BASE = "https://w3id.org/wmgrowth/id/";
  var GROW = "PREFIX grow: <https://w3id.org/wmgrowth/def#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n\n";
  var nodes = new vis.DataSet(spec.nodes);
  var edges = new vis.DataSet(spec.edges);
  var container = document.getElementById("network");
  var details = document.getElementById("details");
  var counts = document.getElementById("counts");
  var found = document.getElementById("found");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, spec.options);
  var state = { nodes: nodes, edges: edges, network: network, ready: false, selected: null, open: {} };
  window.network = network;
  window.clusterkg = state;

  function fitAll() { network.fit({ animation: false, maxZoomLevel: 1.3 }); }  // a few nodes left: drawn larger
  state.fitAll = fitAll;

  // -- The address: what is selected, hidden and open ----
  function readAddress() {
    var out = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at > 0) out[decodeURIComponent(part.slice(0, at))] = decodeURIComponent(part.slice(at + 1));
    });
    return out;
  }
  function writeAddress() {
    var parts = [];
    if (state.selected) parts.push("node=" + encodeURIComponent(state.selected));
    var hidden = boxes.filter(function (b) { return !b.checked; }).map(function (b) { return b.getAttribute("data-legend"); });
    if (hidden.length) parts.push("hide=" + encodeURIComponent(hidden.join(",")));
    var open = Object.keys(state.open).filter(function (g) { return state.open[g]; }).sort();
    if (open.length) parts.push("open=" + encodeURIComponent(open.join(",")));
    if (pairs && pairs.value !== pairs.getAttribute("data-default")) parts.push("pairs=" + encodeURIComponent(pairs.value));
    if (edgeBox && !edgeBox.checked) parts.push("text=off");
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash !== location.hash) history.replaceState(null, "", hash || location.pathname + location.search);
  }
  state.writeAddress = writeAddress;

  // -- Details: the node's page, the query behind it, and the bullets behind each of its links ----
  function pageOf(id) { return /^[a-z]+\/[A-Za-z0-9_~\/-]+$/.test(id) ? "id/" + id + ".html" : null; }
  function queryOf(item) {
    var iri = "<" + ID_BASE + item.id + ">";
    if (item.kind === "cluster") {
      return GROW + "# every bullet of this cluster, with what it names\nSELECT ?line ?text ?named WHERE {\n  " + iri +
        " grow:hasStatement ?bullet .\n  ?bullet grow:sourceLine ?line ; grow:text ?text .\n" +
        "  OPTIONAL { ?bullet grow:mentions ?thing . ?thing rdfs:label ?named }\n} ORDER BY ?line";
    }
    return GROW + "# the clusters linked to this node, with the bullets that name it\nSELECT ?cluster ?line ?text WHERE {\n" +
      "  ?c a grow:Cluster ; rdfs:label ?cluster ; grow:hasStatement ?bullet .\n  ?bullet grow:mentions " + iri +
      " ; grow:sourceLine ?line ; grow:text ?text .\n} ORDER BY ?line";
  }
  function link(text, target) {
    var a = document.createElement("a");
    a.textContent = text;
    a.setAttribute("href", target);
    return a;
  }
  function groupButton(id) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = state.open[id] ? "Close the group" : "Open the group";
    b.addEventListener("click", function () { toggleGroup(id); });
    return b;
  }
  function show(item, isNode) {
    details.textContent = "";  // plain text below: nothing in the data becomes markup
    if (!item) return;
    if (isNode && item.kind !== "group") {
      var links = document.createElement("p");
      links.className = "leads";
      var page = pageOf(item.id);
      if (page) links.appendChild(link("Its page on the site", page));
      links.appendChild(link("Show the query", "query.html?query=" + encodeURIComponent(queryOf(item))));
      details.appendChild(links);
    }
    if (isNode && item.kind === "group") details.appendChild(groupButton(item.id));
    var text = document.createElement("div");
    text.className = "text";
    text.textContent = item.title || "";
    details.appendChild(text);
    if (isNode && item.group) details.appendChild(groupButton(item.group));
    // under the canvas on a narrow screen: brought into view
    if (window.innerWidth <= 1000) details.scrollIntoView({ block: "nearest" });
  }
  state.show = show;
  function select(id, fit) {
    var node = id ? nodes.get(id) : null;
    state.selected = node ? id : null;
    if (node) {
      network.selectNodes([id]);
      if (fit) focusWithNeighbours(id);
    } else network.unselectAll();
    show(node, true);
    writeAddress();
  }
  // centre on a node at a zoom that keeps each of its neighbours shown on screen
  function focusWithNeighbours(id) {
    var at = network.getPositions([id])[id];
    var far = { x: 60, y: 60 };
    network.getConnectedNodes(id).forEach(function (m) {
      if (nodes.get(m).hidden) return;
      var box = network.getBoundingBox(m);
      far.x = Math.max(far.x, Math.abs(box.left - at.x), Math.abs(box.right - at.x));
      far.y = Math.max(far.y, Math.abs(box.top - at.y), Math.abs(box.bottom - at.y));
    });
    var scale = Math.min(container.clientWidth / (2 * far.x + 40), container.clientHeight / (2 * far.y + 40), 1.5);
    network.moveTo({ position: at, scale: scale, animation: false });
  }
  network.on("click", function (params) {
    if (params.nodes.length) {
      var node = nodes.get(params.nodes[0]);
      if (node.kind === "group") { toggleGroup(node.id); return; }
      select(node.id, false);
    } else if (params.edges.length) { state.selected = null; show(edges.get(params.edges[0]), false); writeAddress(); }
    else select(null);
  });

  function visible() {
    var shownNodes = nodes.get({ filter: function (n) { return !n.hidden; } });
    var ids = {};
    shownNodes.forEach(function (n) { ids[n.id] = true; });
    var shownEdges = edges.get({ filter: function (e) { return !e.hidden && ids[e.from] && ids[e.to]; } });
    return { nodes: shownNodes.length, edges: shownEdges.length };
  }
  state.visible = visible;
  function showCounts() {
    var v = visible();
    counts.textContent = "Showing " + v.nodes + " nodes and " + v.edges + " links.";
  }

  // -- Filters: node kinds, groups, the dashed text-only links, and (similarity) how many pairs of each cluster
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-legend]"));
  var edgeBox = document.querySelector("input[data-edges]");
  var pairs = document.getElementById("pairs");
  if (pairs) pairs.setAttribute("data-default", pairs.value);
  function edgeHidden(e) {
    if (e.group && !state.open[e.group]) return true;
    if (edgeBox && e.relations && e.relations.join() === "mentions") return !edgeBox.checked;
    if (pairs && e.rank !== undefined) return pairs.value !== "all" && e.rank > Number(pairs.value);
    return false;
  }
  function nodeHidden(n, on) {
    if (on[n.legend] === false) return true;
    if (n.kind === "group") return !!state.open[n.id];
    return !!n.group && !state.open[n.group];
  }
  function applyFilter(refit) {
    var on = {};
    boxes.forEach(function (b) { on[b.getAttribute("data-legend")] = b.checked; });
    nodes.update(nodes.get().map(function (n) { return { id: n.id, hidden: nodeHidden(n, on) }; }));
    edges.update(edges.get().map(function (e) { return { id: e.id, hidden: edgeHidden(e) }; }));
    if (refit !== false) fitAll();
    showCounts();
    writeAddress();
  }
  state.applyFilter = applyFilter;
  function toggleGroup(id) {
    state.open[id] = !state.open[id];
    applyFilter(false);
    var group = nodes.get(id);
    if (state.open[id] && group) {
      var shown = [group.cluster].concat(nodes.get({ filter: function (n) { return n.group === id && !n.hidden; } })
        .map(function (n) { return n.id; }));
      network.fit({ nodes: shown, animation: false });
      found.textContent = "Opened " + group.label + ": shown around it.";
    } else fitAll();
    show(group, true);
  }
  state.toggleGroup = toggleGroup;
  boxes.forEach(function (b) { b.addEventListener("change", applyFilter); });
  if (edgeBox) edgeBox.addEventListener("change", applyFilter);
  if (pairs) pairs.addEventListener("change", applyFilter);

  Array.prototype.forEach.call(document.querySelectorAll("button[data-zoom]"), function (button) {
    button.addEventListener("click", function () {
      var how = button.getAttribute("data-zoom");
      if (how === "fit") { fitAll(); return; }
      network.moveTo({ scale: network.getScale() * (how === "in" ? 1.4 : 1 / 1.4), animation: false });
    });
  });

  // -- Find a node by name (its full name or its label): select it, centre on it, show its details ----
  var names = document.getElementById("node-names");
  if (spec.nodes.length <= 5000) {
    var seen = {};
    spec.nodes.forEach(function (n) {
      [n.name, n.label].forEach(function (text) {
        if (text && !seen[text] && n.kind !== "group") {
          seen[text] = true;
          var option = document.createElement("option");
          option.value = text;
          names.appendChild(option);
        }
      });
    });
  }
  function findNode(text) {
    var wanted = text.trim().toLowerCase();
    if (!wanted) return null;
    var all = nodes.get({ filter: function (n) { return n.kind !== "group"; } });
    var tests = [
      function (s) { return s === wanted; },
      function (s) { return s.indexOf(wanted) === 0; },
      function (s) { return s.indexOf(wanted) >= 0; }
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < all.length; i++) {
        var n = all[i];
        if ([n.name, n.label].some(function (s) { return s && tests[t](String(s).toLowerCase()); })) return n;
      }
    }
    return null;
  }
  state.findNode = findNode;
  function reveal(node) {
    var box = boxes.filter(function (b) { return b.getAttribute("data-legend") === node.legend; })[0];
    if (box && !box.checked) box.checked = true;
    if (node.group) state.open[node.group] = true;
    applyFilter(false);
  }
  document.getElementById("find").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = document.getElementById("find-name").value;
    var node = findNode(text);
    if (!node) {
      found.textContent = text.trim() ? "No node is named like \u201c" + text.trim() + "\u201d." : "Type a name first.";
      return;
    }
    reveal(node);
    select(node.id, true);
    found.textContent = "Found " + (node.name || node.label) + ": selected, centred with what it links to, and its details shown.";
  });

  // -- Start: the state the address asks for, then fit ----
  function start() {
    if (state.ready) return;
    var asked = readAddress();
    (asked.hide || "").split(",").forEach(function (kind) {
      boxes.forEach(function (b) { if (b.getAttribute("data-legend") === kind) b.checked = false; });
    });
    (asked.open || "").split(",").forEach(function (g) { if (g && nodes.get(g)) state.open[g] = true; });
    if (pairs && asked.pairs && pairs.querySelector("option[value='" + asked.pairs.replace(/[^a-z0-9]/g, "") + "']")) {
      pairs.value = asked.pairs;
    }
    if (edgeBox && asked.text === "off") edgeBox.checked = false;
    var node = asked.node ? nodes.get(asked.node) : null;
    if (node) reveal(node); else applyFilter(false);
    fitAll();
    if (node) select(node.id, false);
    showCounts();
    state.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  if (spec.options.physics && spec.options.physics.enabled) {
    var settled = function () {
      network.setOptions({ physics: { enabled: false } });  // stop once stable: nothing keeps moving
      start();
    };
    network.once("stabilizationIterationsDone", settled);
    network.once("stabilized", settled);
  } else {
    start();
  }
})();
