// Draw one view: nodes, edges and options come from the JSON block #view-data. Every control works from the
// keyboard: find a node by name, zoom, show all, filter by kind (the view then fits what is left).
(function () {
  "use strict";
  var spec = JSON.parse(document.getElementById("view-data").textContent);
  var nodes = new vis.DataSet(spec.nodes);
  var edges = new vis.DataSet(spec.edges);
  var container = document.getElementById("network");
  var details = document.getElementById("details");
  var counts = document.getElementById("counts");
  var found = document.getElementById("found");
  var layout = document.getElementById("main").getAttribute("data-layout");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, spec.options);
  var state = { nodes: nodes, edges: edges, network: network, ready: false };
  window.network = network;
  window.clusterkg = state;

  // Labels readable without zooming: the labels of clusters and of what two or more clusters share keep
  // their size on screen when the view is zoomed out (the others show once zoomed in, and in tooltips).
  var LABEL_WIDTH = spec.options.nodes.widthConstraint.maximum;  // where a label wraps, in pixels on screen
  var hubFonts = {};
  spec.nodes.forEach(function (n) { if (n.hub && n.font) hubFonts[n.id] = n.font; });
  var labelFactor = 1;
  function readableLabels() {
    if (layout !== "physics") return;  // large views keep vis-network's own label sizes
    var factor = 1 / Math.min(network.getScale(), 1);
    if (Math.abs(factor - labelFactor) < 0.02) return;
    labelFactor = factor;
    nodes.update(Object.keys(hubFonts).map(function (id) {
      var font = Object.assign({}, hubFonts[id], { size: Math.round(hubFonts[id].size * factor * 10) / 10 });
      return { id: id, font: font, widthConstraint: { maximum: Math.round(LABEL_WIDTH * factor) } };
    }));
  }
  function fitAll() {
    network.fit({ animation: false });
    readableLabels();
    network.fit({ animation: false });  // again, with the labels at their size
  }
  state.fitAll = fitAll;
  network.on("zoom", readableLabels);

  function settled() {
    if (state.ready) return;
    network.setOptions({ physics: { enabled: false } });  // stop once stable: nothing keeps moving
    fitAll();
    state.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);

  function show(item) {
    details.textContent = item ? item.title : "";  // plain text: nothing in the data becomes markup
  }
  network.on("click", function (params) {
    if (params.nodes.length) show(nodes.get(params.nodes[0]));
    else if (params.edges.length) show(edges.get(params.edges[0]));
    else show(null);
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

  // Filters: node kinds, the dashed text-only links, and (similarity) how many pairs of each cluster.
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-legend]"));
  var edgeBox = document.querySelector("input[data-edges]");
  var pairs = document.getElementById("pairs");
  function edgeHidden(e) {
    if (edgeBox && e.relations && e.relations.join() === "mentions") return !edgeBox.checked;
    if (pairs && e.rank !== undefined) return pairs.value !== "all" && e.rank > Number(pairs.value);
    return false;
  }
  function applyFilter() {
    var on = {};
    boxes.forEach(function (b) { on[b.getAttribute("data-legend")] = b.checked; });
    nodes.update(nodes.get().map(function (n) { return { id: n.id, hidden: !on[n.legend] }; }));
    if (edgeBox || pairs) {
      edges.update(edges.get().map(function (e) { return { id: e.id, hidden: edgeHidden(e) }; }));
    }
    fitAll();
    showCounts();
  }
  state.applyFilter = applyFilter;
  boxes.forEach(function (b) { b.addEventListener("change", applyFilter); });
  if (edgeBox) edgeBox.addEventListener("change", applyFilter);
  if (pairs) pairs.addEventListener("change", applyFilter);

  // Zoom buttons.
  Array.prototype.forEach.call(document.querySelectorAll("button[data-zoom]"), function (button) {
    button.addEventListener("click", function () {
      var how = button.getAttribute("data-zoom");
      if (how === "fit") { fitAll(); return; }
      network.moveTo({ scale: network.getScale() * (how === "in" ? 1.4 : 1 / 1.4), animation: false });
      readableLabels();
    });
  });

  // Find a node by name (its full name or its label): select it, centre on it, show its details.
  var names = document.getElementById("node-names");
  if (spec.nodes.length <= 5000) {
    var seen = {};
    spec.nodes.forEach(function (n) {
      [n.name, n.label].forEach(function (text) {
        if (text && !seen[text]) {
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
    var all = nodes.get();
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
  document.getElementById("find").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = document.getElementById("find-name").value;
    var node = findNode(text);
    if (!node) {
      found.textContent = text.trim() ? "No node is named like \u201c" + text.trim() + "\u201d." : "Type a name first.";
      return;
    }
    var box = boxes.filter(function (b) { return b.getAttribute("data-legend") === node.legend; })[0];
    if (box && !box.checked) { box.checked = true; applyFilter(); }
    network.selectNodes([node.id]);
    network.focus(node.id, { scale: Math.max(network.getScale(), 1), animation: false });
    readableLabels();
    show(node);
    found.textContent = "Found " + (node.name || node.label) + ": selected, centred, and its details shown below.";
  });

  showCounts();
})();
