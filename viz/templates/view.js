// Draw one view: nodes, edges and options come from the JSON block #view-data.
(function () {
  "use strict";
  var spec = JSON.parse(document.getElementById("view-data").textContent);
  var nodes = new vis.DataSet(spec.nodes);
  var edges = new vis.DataSet(spec.edges);
  var container = document.getElementById("network");
  var details = document.getElementById("details");
  var counts = document.getElementById("counts");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, spec.options);
  var state = { nodes: nodes, edges: edges, network: network, ready: false };
  window.network = network;
  window.clusterkg = state;

  function settled() {
    if (state.ready) return;
    network.setOptions({ physics: { enabled: false } });  // stop once stable: nothing keeps moving
    network.fit();
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
    var shownEdges = edges.get({ filter: function (e) { return ids[e.from] && ids[e.to]; } });
    return { nodes: shownNodes.length, edges: shownEdges.length };
  }
  state.visible = visible;

  function showCounts() {
    var v = visible();
    counts.textContent = "Showing " + v.nodes + " nodes and " + v.edges + " links.";
  }

  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-legend]"));
  function applyFilter() {
    var on = {};
    boxes.forEach(function (b) { on[b.getAttribute("data-legend")] = b.checked; });
    nodes.update(nodes.get().map(function (n) { return { id: n.id, hidden: !on[n.legend] }; }));
    showCounts();
  }
  boxes.forEach(function (b) { b.addEventListener("change", applyFilter); });
  showCounts();
})();
