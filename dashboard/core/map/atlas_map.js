/* Atlas map runtime: labels without overlap, tooltips kept inside the map, one-shot view
 * commands, a reset-view control and click reports (atlas.onClick).  Inlined into the base
 * map by dashboard/core/map/build.py.  The app's map component calls
 * atlas.setOverlay(layers, command) and atlas.command(command); a standalone map (exports)
 * adds its layers with atlas.layer(map, data) and ends with atlas.endOverlay(null). */
(function () {
  "use strict";
  var A = window.atlas = window.atlas || {};
  var FONTS = {
    country: "600 12px system-ui, sans-serif", sea: "italic 12px system-ui, sans-serif",
    region: "italic 600 11px system-ui, sans-serif", river: "italic 11px system-ui, sans-serif",
    capital: "700 12px system-ui, sans-serif", town: "11px system-ui, sans-serif",
    place: "600 11.5px system-ui, sans-serif", node: "600 11px system-ui, sans-serif",
    selected: "700 13px system-ui, sans-serif"
  };
  var DOT = {capital: 7, town: 5};
  var measureCtx = null;
  var widthCache = {};

  function textWidth(text, kind) {
    var key = kind + "|" + text;
    if (widthCache[key] === undefined) {
      measureCtx = measureCtx || document.createElement("canvas").getContext("2d");
      measureCtx.font = FONTS[kind] || FONTS.town;
      var t = kind === "country" ? text.toUpperCase() : text;
      widthCache[key] = measureCtx.measureText(t).width + (kind === "country" ? t.length : 0);
    }
    return widthCache[key];
  }

  /* A label: {lat, lon, text, kind, rank, minZoom, r (marker radius px; <0: centred)}. */
  function box(map, l) {
    var p = map.latLngToContainerPoint([l.lat, l.lon]);
    var w = textWidth(l.text, l.kind) + 4, h = l.kind === "selected" ? 16 : 14;
    var dot = DOT[l.kind] || 0;
    if (l.r < 0) {  // area names: centred, else nudged up or down
      var around = [[0, 0], [0, -18], [0, 18], [0, -34], [0, 34], [-40, 0], [40, 0]];
      return {spots: around.map(function (d) {
        return [p.x - w / 2 + d[0], p.y - h / 2 + d[1], "c"]; }), p: p, w: w, h: h, dot: 0};
    }
    var gap = Math.max(l.r, dot / 2) + 3;
    // try right of the point, then left, then above, then below
    var spots = [[p.x + gap, p.y - h / 2, "r"], [p.x - gap - w, p.y - h / 2, "l"],
                 [p.x - w / 2, p.y - gap - h, "t"], [p.x - w / 2, p.y + gap, "b"]];
    return {spots: spots, p: p, w: w, h: h, dot: dot};
  }

  function overlaps(b, placed) {
    for (var i = 0; i < placed.length; i++) {
      var o = placed[i];
      if (b.x0 < o.x1 && b.x1 > o.x0 && b.y0 < o.y1 && b.y1 > o.y0) return true;
    }
    return false;
  }

  function reservedBoxes(map) {
    var c = map.getContainer().getBoundingClientRect(), out = [];
    var ctrls = map.getContainer().querySelectorAll(".leaflet-control");
    for (var i = 0; i < ctrls.length; i++) {
      var r = ctrls[i].getBoundingClientRect();
      if (r.width && r.height) out.push({x0: r.left - c.left - 2, y0: r.top - c.top - 2,
                                         x1: r.right - c.left + 2, y1: r.bottom - c.top + 2});
    }
    return out;
  }

  function norm(text) { return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }

  A.render = function () {
    var map = A.map;
    if (!map || !A.pane) return;
    var zoom = map.getZoom(), size = map.getSize();
    var all = A.base.concat(A.over).filter(function (l) { return l.minZoom <= zoom; });
    all.sort(function (a, b) { return a.rank - b.rank; });
    var placed = reservedBoxes(map), shown = [], seen = {};
    A.markers.forEach(function (m) {  // names never cover a marker
      var p = map.latLngToContainerPoint([m.lat, m.lon]);
      placed.push({x0: p.x - m.r, y0: p.y - m.r, x1: p.x + m.r, y1: p.y + m.r});
    });
    for (var i = 0; i < all.length && shown.length < 220; i++) {
      var l = all[i], b = box(map, l), key = norm(l.text), chosen = null;
      if (b.p.x < -50 || b.p.y < -20 || b.p.x > size.x + 50 || b.p.y > size.y + 20) continue;
      var prev = seen[key];
      if (prev && Math.abs(prev.x - b.p.x) < 90 && Math.abs(prev.y - b.p.y) < 60) continue;
      if (b.spots) {
        for (var s = 0; s < b.spots.length && !chosen; s++) {
          var sp = b.spots[s];
          var cand = {x0: sp[0], y0: sp[1], x1: sp[0] + b.w, y1: sp[1] + b.h, mode: sp[2]};
          if (cand.x0 < 2 || cand.y0 < 2 || cand.x1 > size.x - 2 || cand.y1 > size.y - 2) continue;
          var withDot = b.dot ? {x0: Math.min(cand.x0, b.p.x - b.dot), y0: Math.min(cand.y0, b.p.y - b.dot),
                                 x1: Math.max(cand.x1, b.p.x + b.dot), y1: Math.max(cand.y1, b.p.y + b.dot)} : cand;
          if (!overlaps(withDot, placed)) { chosen = cand; placed.push(withDot); }
        }
      }
      if (!chosen) continue;
      seen[key] = b.p;
      shown.push({l: l, b: chosen, p: b.p, dot: b.dot});
    }
    var frag = document.createDocumentFragment(), origin = map.containerPointToLayerPoint([0, 0]);
    shown.forEach(function (s) {
      if (s.dot) {
        var d = document.createElement("div");
        d.className = "atlas-dot atlas-dot-" + s.l.kind;
        L.DomUtil.setPosition(d, L.point(s.p.x + origin.x - s.dot / 2, s.p.y + origin.y - s.dot / 2));
        frag.appendChild(d);
      }
      var el = document.createElement("div");
      el.className = "atlas-lbl atlas-lbl-" + s.l.kind;
      el.textContent = s.l.text;
      el.title = s.l.text;
      el.setAttribute("data-kind", s.l.kind);
      L.DomUtil.setPosition(el, L.point(s.b.x0 + origin.x + 2, s.b.y0 + origin.y));
      frag.appendChild(el);
    });
    A.pane.innerHTML = "";
    A.pane.appendChild(frag);
    A.shown = shown.map(function (s) { return s.l.text; });
  };

  var pending = null;
  function schedule() {
    if (pending) return;
    pending = window.requestAnimationFrame(function () { pending = null; A.render(); });
  }

  /* Keep an atlas tooltip's box inside the map container, wherever Leaflet puts it
   * (on open, on sticky moves, after zooms): shift it back in by its margins. */
  function clampTooltip(tooltip) {
    var el = tooltip.getElement(), map = tooltip._map;
    if (!el || !map) return;
    el.style.marginLeft = "0px"; el.style.marginTop = "0px";
    var c = map.getContainer().getBoundingClientRect(), r = el.getBoundingClientRect();
    var dx = 0, dy = 0;
    if (r.right > c.right - 4) dx = c.right - 4 - r.right;
    if (r.left + dx < c.left + 4) dx = c.left + 4 - r.left;
    if (r.bottom > c.bottom - 4) dy = c.bottom - 4 - r.bottom;
    if (r.top + dy < c.top + 4) dy = c.top + 4 - r.top;
    el.style.marginLeft = dx + "px"; el.style.marginTop = dy + "px";
  }
  if (!L.Tooltip.prototype._atlasClamped) {
    var setPosition = L.Tooltip.prototype._setPosition;
    L.Tooltip.prototype._setPosition = function (pos) {
      setPosition.call(this, pos);
      if (this.options.className === "atlas-tip") clampTooltip(this);
    };
    L.Tooltip.prototype._atlasClamped = true;
  }

  /* Report a click on an atlas object to whoever listens (the app's map component sets
   * atlas.onClick; a standalone map has no listener). */
  function onObjectClick(e) {
    var id = (e.sourceTarget && e.sourceTarget.options && e.sourceTarget.options.atlasId) ||
             (e.target && e.target.options && e.target.options.atlasId);
    if (id && A.onClick) A.onClick(id, e.latlng || null);
  }

  /* A bin (several places in one grid cell): zoom in on them; at the deepest zoom,
   * select the bin's most mentioned place. */
  function binClick(map, b, e) {
    var z = map.getZoom(), max = map.getMaxZoom();
    if (z < max) {
      map.fitBounds([[b.box[0], b.box[1]], [b.box[2], b.box[3]]],
                    {padding: [48, 48], maxZoom: Math.min(max, z + 3), animate: false});
      if (map.getZoom() <= z) map.setView(b.ll, Math.min(max, z + 2), {animate: false});
    } else {
      onObjectClick({sourceTarget: {options: {atlasId: b.id}}, latlng: e.latlng});
    }
  }

  function addBin(map, group, b) {
    var d = 2 * b.r;
    var icon = L.divIcon({className: "atlas-bin" + (b.fade ? " atlas-bin-faded" : ""),
                          html: "<span>" + Number(b.n) + "</span>", iconSize: [d, d]});
    var m = L.marker(b.ll, {icon: icon, keyboard: false, atlasId: b.id});
    m.bindTooltip(b.tip, {direction: "auto", className: "atlas-tip", opacity: 0.96});
    m.on("click", function (e) { binClick(map, b, e); });
    group.addLayer(m);
    A.markers.push({lat: b.ll[0], lon: b.ll[1], r: b.r});
  }

  /* Draw one overlay layer from compact data: {paths, points, bins, labels}. */
  A.layer = function (map, data) {
    var group = L.featureGroup([], {attribution: data.attribution || null});
    function bind(layer, item) {
      layer.options.atlasId = item.id;
      if (item.tip) layer.bindTooltip(item.tip, {sticky: false, direction: "auto",
                                                 className: "atlas-tip", opacity: 0.96});
      layer.on("click", onObjectClick);
      group.addLayer(layer);
    }
    (data.paths || []).forEach(function (p) {
      var opts = Object.assign({className: p.cls, interactive: true}, p.style);
      bind(L.polyline(p.ll, opts), p);
    });
    (data.points || []).forEach(function (p) {
      var opts = Object.assign({className: p.cls}, p.style);
      bind(L.circleMarker(p.ll, opts), p);
      A.markers.push({lat: p.ll[0], lon: p.ll[1], r: p.style.radius || 4});
    });
    (data.bins || []).forEach(function (b) { addBin(map, group, b); });
    A.addLabels(data.labels || []);
    group.addTo(map);
    A.groups.push(group);
    return group;
  };

  /* Remove the overlay layers drawn so far (a new overlay follows). */
  A.beginOverlay = function () {
    A.groups.forEach(function (g) { A.map.removeLayer(g); });
    A.groups = [];
    A.over = [];
    A.markers = [];
  };

  /* Apply ``command``, then replace the overlay by ``layers`` (layer data, bottom to top):
   * the map moves at once, not after the layers are drawn. */
  A.setOverlay = function (layers, command) {
    A.command(command);
    A.beginOverlay();
    layers.forEach(function (data) { A.layer(A.map, data); });
    schedule();
  };

  A.addLabels = function (rows) {
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      A.over.push({lat: r[0], lon: r[1], text: r[2], kind: r[3], rank: r[4], minZoom: r[5], r: r[6]});
    }
  };

  A.endOverlay = function (command) {
    A.command(command);
    schedule();
  };

  /* Apply a view command once per nonce (re-sent scripts do not move the map again). */
  A.command = function (cmd) {
    if (!cmd || cmd.nonce === A.nonce) return;
    A.nonce = cmd.nonce;
    if (cmd.view) {
      A.map.setView(cmd.view.center, cmd.view.zoom, {animate: false});
    } else if (cmd.box) {
      var b = cmd.box;
      var pad = cmd.padding === undefined ? 36 : cmd.padding;
      A.map.fitBounds([[b[0], b[1]], [b[2], b[3]]],
                      {padding: [pad, pad], maxZoom: cmd.max_zoom, animate: false});
    }
  };

  function addHomeControl(map, home, pad) {
    var Home = L.Control.extend({
      options: {position: "topleft"},
      onAdd: function () {
        var bar = L.DomUtil.create("div", "leaflet-bar atlas-home");
        var a = L.DomUtil.create("a", "", bar);
        a.href = "#"; a.title = "Reset view"; a.setAttribute("role", "button");
        a.setAttribute("aria-label", "Reset view"); a.innerHTML = "&#8962;";
        L.DomEvent.on(a, "click", function (ev) {
          L.DomEvent.preventDefault(ev); L.DomEvent.stopPropagation(ev);
          map.fitBounds([[home[0], home[1]], [home[2], home[3]]],
                        {padding: [pad, pad], animate: false});
        });
        return bar;
      }
    });
    new Home().addTo(map);
  }

  /* Make the map fill its frame (the page sizes the frame to the viewport). */
  function fillFrame(map) {
    var div = map.getContainer();
    function fit() {
      var h = window.innerHeight;
      if (h > 50 && Math.abs(div.offsetHeight - h) > 1) {
        var center = map.getCenter();  // keep the centre: a report must not see a shift
        div.style.height = h + "px";
        map.invalidateSize({pan: false});
        map.setView(center, map.getZoom(), {animate: false});
      }
    }
    window.addEventListener("resize", fit);
    fit();
  }

  A.init = function (map, opts) {
    A.map = map;
    A.over = [];
    A.markers = [];
    A.groups = [];
    A.base = opts.labels.map(function (r) {
      return {lat: r[0], lon: r[1], text: r[2], kind: r[3], rank: r[4], minZoom: r[5], r: r[6]};
    });
    A.pane = map.createPane("atlasLabels");
    A.pane.style.zIndex = 640;
    A.pane.style.pointerEvents = "none";
    map.on("zoomstart", function () { A.pane.style.visibility = "hidden"; });
    map.on("zoomend", function () { A.pane.style.visibility = ""; });
    map.on("moveend zoomend resize", schedule);
    addHomeControl(map, opts.home, opts.home_padding || 0);
    fillFrame(map);
    schedule();
  };
})();
