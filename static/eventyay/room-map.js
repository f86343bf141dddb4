/*
 * Room map (/e/<identifier>/map): the event's rooms as markers, a room's sessions in a side panel.
 * Data comes from the public JSON:API; nothing from the API is ever inserted as HTML.
 */
(function () {
  "use strict";

  var JSONAPI = "application/vnd.api+json";
  var config = JSON.parse(document.getElementById("page-config").textContent);
  var eventUrl = "/v1/events/" + encodeURIComponent(config.event);
  var statusLine = document.getElementById("map-status");
  var panel = document.getElementById("room-panel");
  var unplacedSection = document.getElementById("rooms-without-coordinates");

  var map = null;
  var selected = null; // {marker, rooms}

  async function fetchAll(path) {
    var response = await fetch(eventUrl + path, { headers: { Accept: JSONAPI } });
    if (!response.ok) {
      throw new Error("The server answered " + response.status + " for " + path.split("?")[0] + ".");
    }
    return response.json();
  }

  function attr(resource, name) {
    return resource.attributes ? resource.attributes[name] : undefined;
  }

  function relatedId(resource, name) {
    var rel = resource.relationships && resource.relationships[name];
    return rel && rel.data ? String(rel.data.id) : null;
  }

  // ------------------------------------------------------------ time labels
  // Times in the event's own time zone (a zone the browser does not know falls back to UTC).
  function formatter(options) {
    try {
      return new Intl.DateTimeFormat(undefined, Object.assign({ timeZone: config.timezone }, options));
    } catch (unknownZone) {
      return new Intl.DateTimeFormat(undefined, Object.assign({ timeZone: "UTC" }, options));
    }
  }
  var dayFormat = formatter({ weekday: "short", day: "numeric", month: "short" });
  var timeFormat = formatter({ hour: "2-digit", minute: "2-digit" });

  function timeLabel(session) {
    if (!session.startsAt) {
      return "Time not set";
    }
    var label = dayFormat.format(session.startsAt) + ", " + timeFormat.format(session.startsAt);
    if (session.endsAt) {
      label += "–" + timeFormat.format(session.endsAt);
    }
    return label;
  }

  function byTime(a, b) {
    if (a.startsAt && b.startsAt && a.startsAt - b.startsAt !== 0) {
      return a.startsAt - b.startsAt;
    }
    if (!a.startsAt !== !b.startsAt) {
      return a.startsAt ? -1 : 1; // unscheduled sessions last
    }
    return a.title.localeCompare(b.title);
  }

  // ------------------------------------------------------------ data
  function buildRooms(roomDoc, sessionDoc) {
    var tracks = {};
    (sessionDoc.included || []).forEach(function (item) {
      if (item.type === "track") {
        tracks[String(item.id)] = { name: attr(item, "name"), color: attr(item, "color") };
      }
    });
    var rooms = roomDoc.data.map(function (item) {
      return {
        id: String(item.id),
        name: attr(item, "name") || "Room " + item.id,
        floor: attr(item, "floor"),
        lat: attr(item, "latitude"),
        lng: attr(item, "longitude"),
        sessions: [],
      };
    });
    var roomsById = {};
    rooms.forEach(function (room) { roomsById[room.id] = room; });
    sessionDoc.data.forEach(function (item) {
      var room = roomsById[relatedId(item, "microlocation")];
      if (!room) {
        return;
      }
      var start = attr(item, "starts-at");
      var end = attr(item, "ends-at");
      room.sessions.push({
        id: String(item.id),
        title: attr(item, "title") || "Untitled session",
        startsAt: start ? new Date(start) : null,
        endsAt: end ? new Date(end) : null,
        track: tracks[relatedId(item, "track")] || null,
      });
    });
    rooms.forEach(function (room) { room.sessions.sort(byTime); });
    return rooms;
  }

  function hasPlace(room) {
    return typeof room.lat === "number" && typeof room.lng === "number";
  }

  // ------------------------------------------------------------ panel
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function roomSection(room) {
    var section = el("section", "room-details");
    section.dataset.roomId = room.id;
    section.appendChild(el("h2", "room-name", room.name));
    var floor = room.floor === null || room.floor === undefined ? "Floor not given" : "Floor " + room.floor;
    section.appendChild(el("p", "room-floor", floor));
    if (!room.sessions.length) {
      section.appendChild(el("p", "room-no-sessions", "No sessions in this room."));
      return section;
    }
    var list = el("ol", "room-sessions");
    room.sessions.forEach(function (session) {
      var item = el("li", "room-session");
      item.dataset.sessionId = session.id;
      var swatch = el("span", "track-swatch");
      if (session.track && session.track.color) {
        swatch.style.backgroundColor = session.track.color;
        swatch.title = session.track.name || "";
      } else {
        swatch.classList.add("no-track");
        swatch.title = "No track";
      }
      swatch.setAttribute("aria-hidden", "true");
      item.appendChild(swatch);
      var time = el("time", "session-time", timeLabel(session));
      if (session.startsAt) {
        time.dateTime = session.startsAt.toISOString();
      }
      item.appendChild(time);
      item.appendChild(el("span", "session-title", session.title));
      if (session.track) {
        item.appendChild(el("span", "session-track", session.track.name));
      }
      list.appendChild(item);
    });
    section.appendChild(list);
    return section;
  }

  function showRooms(rooms) {
    panel.replaceChildren.apply(panel, rooms.map(roomSection));
    panel.classList.add("has-selection");
  }

  function clearPanel() {
    panel.replaceChildren(el("p", "room-panel-empty", "Select a room on the map to see its sessions."));
    panel.classList.remove("has-selection");
  }

  // ------------------------------------------------------------ selection
  function markerElement(marker) {
    return marker.getElement();
  }

  function clearSelection() {
    if (selected && selected.marker) {
      markerElement(selected.marker).classList.remove("is-selected");
      selected.marker.setZIndexOffset(0);
    }
    document.querySelectorAll(".unplaced-room.is-selected").forEach(function (button) {
      button.classList.remove("is-selected");
      button.setAttribute("aria-pressed", "false");
    });
    selected = null;
    clearPanel();
  }

  function selectMarker(marker, rooms) {
    clearSelection();
    markerElement(marker).classList.add("is-selected");
    marker.setZIndexOffset(1000);
    selected = { marker: marker, rooms: rooms };
    showRooms(rooms);
  }

  function selectUnplaced(button, room) {
    clearSelection();
    button.classList.add("is-selected");
    button.setAttribute("aria-pressed", "true");
    selected = { marker: null, rooms: [room] };
    showRooms([room]);
  }

  // ------------------------------------------------------------ map
  function drawMap(rooms) {
    map = L.map("room-map", { zoomControl: true, attributionControl: Boolean(config.tileUrl) });
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { maxZoom: 19, attribution: escapeText(config.tileAttribution || "") }).addTo(map);
    } else {
      document.getElementById("room-map").classList.add("no-tiles");
    }
    // Rooms sharing a spot (two halls in one building) share a marker; the panel lists each of them.
    var spots = {};
    var order = [];
    rooms.filter(hasPlace).forEach(function (room) {
      var key = room.lat.toFixed(6) + "," + room.lng.toFixed(6);
      if (!spots[key]) {
        spots[key] = [];
        order.push(key);
      }
      spots[key].push(room);
    });
    // The view first: Leaflet only puts markers into the page once the map has one.
    var bounds = order.map(function (key) { return [spots[key][0].lat, spots[key][0].lng]; });
    if (bounds.length === 1) {
      map.setView(bounds[0], 18);
    } else if (bounds.length) {
      map.fitBounds(bounds, { padding: [40, 40], maxZoom: 19 });
    } else {
      map.setView([0, 0], 2);
    }
    order.forEach(function (key) {
      var here = spots[key];
      var names = here.map(function (room) { return room.name; }).join(", ");
      var marker = L.marker([here[0].lat, here[0].lng], {
        icon: L.divIcon({ className: "room-marker", iconSize: [22, 22], iconAnchor: [11, 11] }),
        title: names,
        alt: names,
        keyboard: true,
        riseOnHover: true,
      }).addTo(map);
      var node = markerElement(marker);
      node.dataset.roomIds = here.map(function (room) { return room.id; }).join(" ");
      node.setAttribute("aria-label", names);
      marker.on("click", function () { selectMarker(marker, here); });
    });
    map.on("click", clearSelection);
    return order.length;
  }

  function escapeText(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML; // Leaflet renders attribution as HTML; ours is plain text from a setting.
  }

  function listUnplaced(rooms) {
    var unplaced = rooms.filter(function (room) { return !hasPlace(room); });
    if (!unplaced.length) {
      return 0;
    }
    var list = unplacedSection.querySelector("ul");
    unplaced.forEach(function (room) {
      var item = el("li");
      var button = el("button", "unplaced-room", room.name);
      button.type = "button";
      button.dataset.roomId = room.id;
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () { selectUnplaced(button, room); });
      item.appendChild(button);
      list.appendChild(item);
    });
    unplacedSection.hidden = false;
    return unplaced.length;
  }

  async function start() {
    try {
      // The rooms are the map; without the sessions it still shows them (and says so).
      var sessionProblem = null;
      var docs = await Promise.all([
        fetchAll("/microlocations?page%5Bsize%5D=0"),
        fetchAll("/sessions?include=track&page%5Bsize%5D=0").catch(function (error) {
          sessionProblem = error;
          return { data: [], included: [] };
        }),
      ]);
      var rooms = buildRooms(docs[0], docs[1]);
      var markers = drawMap(rooms);
      var unplaced = listUnplaced(rooms);
      if (!rooms.length) {
        statusLine.textContent = "This event has no rooms yet.";
      } else {
        statusLine.textContent = rooms.length + (rooms.length === 1 ? " room" : " rooms") +
          (unplaced ? ", " + unplaced + " without a place on the map" : "") + ".";
      }
      if (sessionProblem) {
        statusLine.textContent += " The sessions could not be loaded: " + sessionProblem.message;
        statusLine.classList.add("is-error");
      }
      document.body.dataset.ready = "true";
      document.body.dataset.markers = String(markers);
    } catch (error) {
      statusLine.textContent = "The rooms could not be loaded: " + error.message;
      statusLine.classList.add("is-error");
      document.body.dataset.ready = "error";
    }
  }

  start();
})();
