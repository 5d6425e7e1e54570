// The query editor. It runs a query only when the visitor presses Run: on the SPARQL endpoint in the
// "Run on" field (the site's own, or one the visitor typed), or, when that is empty, in this browser on
// the published graph with Oxigraph's WebAssembly build. The address may name a stored query and its
// params (query.html#cluster-profile&cluster=IRI): they fill the editor and the form, and nothing runs.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var examples = JSON.parse($("examples").textContent);
  var config = JSON.parse($("config").textContent);
  var names = config.names, prefixes = config.prefixes;
  var root = new URL(".", document.baseURI).href;
  var state = { example: null, result: null, store: null, loading: null };

  function byName(name) {
    for (var i = 0; i < examples.length; i++) { if (examples[i].name === name) return examples[i]; }
    return null;
  }
  function status(text, failed) {
    $("status").textContent = text;
    $("status").className = failed ? "status failed" : "status";
  }

  // -- A stored query and the form for its params ----
  function term(iri) { return "<" + iri.replace(/[<>"{}|^`\\\s]/g, encodeURIComponent) + ">"; }
  function valuesBlock(bound) {  // clusterkg.sparql.values_block: one row per combination
    var keys = Object.keys(bound), rows = [[]];
    keys.forEach(function (k) {
      var next = [];
      rows.forEach(function (row) { bound[k].forEach(function (iri) { next.push(row.concat([term(iri)])); }); });
      rows = next;
    });
    return " VALUES (" + keys.map(function (k) { return "?" + k; }).join(" ") + ") { " +
      rows.map(function (r) { return "(" + r.join(" ") + ")"; }).join(" ") + " } ";
  }
  function resolve(param, text) {  // a name from the list, or an IRI, -> the IRI; else null
    var wanted = text.trim().toLowerCase();
    for (var i = 0; i < param.options.length; i++) {
      var option = param.options[i];
      if (option[0].toLowerCase() === wanted || option[1].toLowerCase() === wanted) return option[1];
    }
    return /^https?:\/\/\S+$/.test(text.trim()) ? text.trim() : null;
  }
  function nameOf(iri) { return (names[iri] && names[iri][0]) || iri; }
  function bindForm() {  // the query text with the form's values in its VALUES block; false if a name is unknown
    var example = state.example, bound = {}, ok = true;
    example.params.forEach(function (param) {
      var field = $("param-" + param.name), message = $("param-" + param.name + "-error");
      var texts = field.value.split(param.multiple ? ";" : /$^/).map(function (t) { return t.trim(); }).filter(Boolean);
      var iris = texts.map(function (t) { return resolve(param, t); });
      message.textContent = "";
      if (iris.indexOf(null) >= 0) {
        ok = false;
        message.textContent = "No " + param.name + " is named \u201c" + texts[iris.indexOf(null)] + "\u201d: choose a name from the list.";
      } else if (iris.length) {
        bound[param.name] = iris;
      }
    });
    if (!ok) return false;
    $("sparql").value = Object.keys(bound).length ? example.before + valuesBlock(bound) + example.after : example.text;
    return true;
  }
  function paramForm(example, given) {
    var form = $("params-form"), holder = $("params");
    holder.textContent = "";
    form.hidden = !example.params.length;
    example.params.forEach(function (param) {
      var row = document.createElement("div"), label = document.createElement("label");
      var input = document.createElement("input"), list = document.createElement("datalist");
      var help = document.createElement("p"), error = document.createElement("p");
      row.className = "param";
      label.htmlFor = input.id = "param-" + param.name;
      label.textContent = param.name + (param.required ? "" : " (optional)");
      list.id = "param-" + param.name + "-names";
      param.options.forEach(function (option) {
        var o = document.createElement("option");
        o.value = option[0];
        list.appendChild(o);
      });
      input.setAttribute("list", list.id);
      input.autocomplete = "off";
      input.setAttribute("aria-describedby", "param-" + param.name + "-help param-" + param.name + "-error");
      var value = given[param.name] || example.example[param.name];
      input.value = value ? nameOf(value) : "";
      help.id = "param-" + param.name + "-help";
      help.className = "meta";
      help.textContent = param.description + (param.multiple ? " Several: separate them with \u201c;\u201d." : "");
      error.id = "param-" + param.name + "-error";
      error.className = "error";
      error.setAttribute("role", "alert");
      row.append(label, input, list, help, error);
      holder.appendChild(row);
    });
  }
  function load(name, given) {
    var example = byName(name);
    if (!example) return false;
    state.example = example;
    $("example").value = name;
    var summary = document.createElement("strong");
    summary.textContent = example.summary;
    $("query-summary").textContent = "";
    $("query-summary").append(summary, example.description || "");
    paramForm(example, given || {});
    if (example.params.length) bindForm(); else $("sparql").value = example.text;
    return true;
  }

  // -- Running a query ----
  function endpointUrl() {
    var typed = $("endpoint").value.trim();
    return typed ? new URL(typed, document.baseURI).href : "";
  }
  function browserStore() {  // Oxigraph in this browser, with the published graph (loaded once)
    if (!state.loading) {
      state.loading = import(new URL("assets/oxigraph/web.js", root).href).then(function (ox) {
        return ox.default().then(function () {
          return fetch(new URL(config.graph, root).href).then(function (response) {
            if (!response.ok) throw new Error("the graph file " + config.graph + " did not load (" + response.status + ")");
            return response.text();
          }).then(function (text) {
            var store = new ox.Store();
            store.load(text, { format: "application/n-triples" });
            return store;
          });
        });
      });
      state.loading.catch(function () { state.loading = null; });
    }
    return state.loading;
  }
  function triplesResult(quads) {  // CONSTRUCT or DESCRIBE as rows, as the CLI shows them
    function json(t) {
      if (t.termType === "NamedNode") return { type: "uri", value: t.value };
      if (t.termType === "BlankNode") return { type: "bnode", value: t.value };
      var out = { type: "literal", value: t.value };
      if (t.language) out["xml:lang"] = t.language; else out.datatype = t.datatype.value;
      return out;
    }
    return { head: { vars: ["subject", "predicate", "object"] }, results: { bindings: quads.map(function (q) {
      return { subject: json(q.subject), predicate: json(q.predicate), object: json(q.object) };
    }) } };
  }
  function runInBrowser(text) {
    return browserStore().then(function (store) {
      var answer;
      try {
        answer = store.query(text, { results_format: "application/sparql-results+json" });
        return JSON.parse(answer);
      } catch (error) {
        if (!/format|graph|triple/i.test(String(error))) throw error;
        return triplesResult(store.query(text));
      }
    });
  }
  function runOnEndpoint(url, text) {
    return fetch(url, {
      method: "POST", body: new URLSearchParams({ query: text }),
      headers: { Accept: "application/sparql-results+json, application/n-triples;q=0.9" }
    }).then(function (response) {
      return response.text().then(function (body) {
        if (!response.ok) throw new Error(response.status + " " + body.trim().slice(0, 500));
        var type = response.headers.get("content-type") || "";
        return /json/.test(type) ? JSON.parse(body) : { text: body };
      });
    });
  }
  function show() {
    var result = state.result, holder = $("results");
    holder.textContent = "";
    $("results-section").hidden = false;
    var tabular = result && result.head && result.results;
    $("download-csv").disabled = $("download-xlsx").disabled = !tabular;
    if (result.boolean !== undefined) {
      holder.textContent = result.boolean ? "Yes (true)" : "No (false)";
    } else if (result.text !== undefined) {
      var pre = document.createElement("pre");
      pre.textContent = result.text;
      holder.appendChild(pre);
    } else {
      holder.appendChild(ClusterkgResults.table(result, { names: names, prefixes: prefixes, raw: $("raw").checked, root: root }));
    }
  }
  function run(event) {
    event.preventDefault();
    var text = $("sparql").value, url = endpointUrl(), started = Date.now();
    status(url ? "Running on " + url + "\u2026" : "Loading the graph into this browser and running\u2026");
    $("run").disabled = true;
    (url ? runOnEndpoint(url, text) : runInBrowser(text)).then(function (result) {
      state.result = result;
      show();
      var count = result.results ? result.results.bindings.length : null;
      status((count === null ? "Done" : count + (count === 1 ? " row" : " rows")) + " in " + (Date.now() - started) +
        " ms, " + (url ? "from " + url : "in this browser") + ".");
    }).catch(function (error) {
      state.result = null;
      $("results-section").hidden = true;  // no earlier answer left to read as this one's
      status("The query failed: " + (error && error.message ? error.message : String(error)), true);
    }).then(function () { $("run").disabled = false; });
  }
  function download(name, type, data) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([data], { type: type }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  function fileStem() { return state.example ? state.example.name : "query"; }

  // -- Wiring ----
  $("examples-form").addEventListener("submit", function (event) {
    event.preventDefault();
    load($("example").value);
  });
  $("params-form").addEventListener("submit", function (event) {
    event.preventDefault();
    if (bindForm()) status("The form's values are in the query. Press Run to run it.");
  });
  $("params-form").addEventListener("change", function () { bindForm(); });
  $("run-form").addEventListener("submit", run);
  $("raw").addEventListener("change", function () { if (state.result) show(); });
  $("download-csv").addEventListener("click", function () {
    download(fileStem() + ".csv", "text/csv;charset=utf-8", ClusterkgResults.csv(state.result, names));
  });
  $("download-xlsx").addEventListener("click", function () {
    var rec = ClusterkgResults.records(state.result, names, true);
    var book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([rec.columns].concat(rec.rows)), "Result");
    download(fileStem() + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      XLSX.write(book, { type: "array", bookType: "xlsx" }));
  });
  $("endpoint").value = config.endpoint;  // the site's own endpoint, never one from the address
  $("engine-note").hidden = false;
  $("needs-server").hidden = !(location.protocol === "file:" && !config.endpoint);

  // the address: #NAME, then &param=IRI pairs (filled in, not run); #query=TEXT puts TEXT in the editor
  var hash = location.hash.slice(1), asked = {}, first = "";
  hash.split("&").forEach(function (pair, i) {
    var at = pair.indexOf("="), key = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
    var value = at < 0 ? "" : decodeURIComponent(pair.slice(at + 1).replace(/\+/g, " "));
    if (i === 0 && at < 0) first = key; else if (key) asked[key] = value;
  });
  // the views' "Show the query" links hand a query as query.html?query=TEXT: shown the same way, never run
  var handed = new URLSearchParams(location.search).get("query");
  if (handed && !asked.query) asked.query = handed;
  if (!load(first, asked)) load(examples[0].name);
  if (asked.query && !byName(first)) {
    state.example = null;
    $("params-form").hidden = true;
    $("sparql").value = asked.query;
    status("The query from the address is in the editor. It runs only when you press Run.");
  }
  window.clusterkg = { ready: true, load: load };
})();
