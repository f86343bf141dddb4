/*
 * Custom form editor (/e/<identifier>/forms): every change goes through the JSON:API with the user's JWT
 * (kept in localStorage). The server decides who may do what; this page only shows its answers.
 * User input is only ever set as text (textContent, form values), never as HTML.
 */
(function () {
  "use strict";

  var JSONAPI = "application/vnd.api+json";
  var TOKEN_KEY = "eventyay.jwt";
  var EMAIL_KEY = "eventyay.email";
  var config = JSON.parse(document.getElementById("page-config").textContent);
  var eventPath = "/v1/events/" + encodeURIComponent(config.event);
  var formLabels = {};
  config.forms.forEach(function (form) { formLabels[form.value] = form.label; });

  var $ = function (id) { return document.getElementById(id); };
  var statusLine = $("editor-status");
  var fields = []; // custom-form resources, flattened: {id, attrs}

  // ------------------------------------------------------------ API
  function ApiError(status, doc) {
    this.status = status;
    this.errors = (doc && Array.isArray(doc.errors)) ? doc.errors : [];
    var text = this.errors.map(function (e) { return e.detail || e.title; }).filter(Boolean).join(" ");
    if (!text && doc) {
      text = doc.error || doc.detail || doc.message || "";
    }
    this.message = text || "The server answered " + status + ".";
  }

  function token() {
    return window.localStorage.getItem(TOKEN_KEY);
  }

  async function api(method, url, body) {
    var headers = { Accept: JSONAPI };
    if (token()) {
      headers.Authorization = "JWT " + token();
    }
    if (body !== undefined) {
      headers["Content-Type"] = JSONAPI;
    }
    var response = await fetch(url, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    var doc = null;
    if (response.status !== 204) {
      try {
        doc = await response.json();
      } catch (ignored) {
        doc = null;
      }
    }
    if (response.status === 401 && token()) {
      logout("Your login has expired. Please log in again.");
    }
    if (!response.ok) {
      throw new ApiError(response.status, doc);
    }
    return doc;
  }

  function fieldPayload(id, attributes) {
    return { data: { type: "custom-form", id: String(id), attributes: attributes } };
  }

  // ------------------------------------------------------------ small helpers
  function showStatus(node, text, kind) {
    node.textContent = text;
    node.classList.toggle("is-error", kind === "error");
    node.classList.toggle("is-ok", kind === "ok");
    if (kind === "ok") {
      var shown = text;
      window.setTimeout(function () {
        if (node.textContent === shown) {
          node.textContent = "";
          node.classList.remove("is-ok");
        }
      }, 3000);
    }
  }

  function attributeName(pointer) {
    var match = /^\/data\/attributes\/(.+)$/.exec(pointer || "");
    return match ? match[1].replace(/_/g, "-") : null;
  }

  /** Tiny, safe description preview: paragraphs, line breaks, **bold** and _italic_, built from text nodes. */
  function renderPreview(container, text) {
    container.replaceChildren();
    var paragraphs = (text || "").split(/\n\s*\n/).filter(function (p) { return p.trim(); });
    if (!paragraphs.length) {
      var empty = document.createElement("p");
      empty.className = "preview-empty";
      empty.textContent = "No description.";
      container.appendChild(empty);
      return;
    }
    paragraphs.forEach(function (paragraph) {
      var p = document.createElement("p");
      paragraph.split("\n").forEach(function (line, index) {
        if (index) {
          p.appendChild(document.createElement("br"));
        }
        appendInline(p, line);
      });
      container.appendChild(p);
    });
  }

  function appendInline(parent, line) {
    var pattern = /\*\*(.+?)\*\*|_(.+?)_/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(line)) !== null) {
      parent.appendChild(document.createTextNode(line.slice(last, match.index)));
      var node = document.createElement(match[1] !== undefined ? "strong" : "em");
      node.textContent = match[1] !== undefined ? match[1] : match[2];
      parent.appendChild(node);
      last = match.index + match[0].length;
    }
    parent.appendChild(document.createTextNode(line.slice(last)));
  }

  // ------------------------------------------------------------ login
  function showLogin(notice) {
    $("editor").hidden = true;
    $("refusal").hidden = true;
    $("account").hidden = true;
    $("login-section").hidden = false;
    $("login-notice").textContent = notice ||
      "You are not logged in. Log in with your eventyay account to edit this event's forms.";
    showStatus(statusLine, "");
    document.body.dataset.ready = "login";
    $("login-email").focus();
  }

  function logout(notice) {
    window.localStorage.removeItem(TOKEN_KEY);
    window.localStorage.removeItem(EMAIL_KEY);
    showLogin(notice);
  }

  async function login(event) {
    event.preventDefault();
    var error = $("login-error");
    error.textContent = "";
    $("login-button").disabled = true;
    try {
      var response = await fetch("/v1/auth/login", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ email: $("login-email").value, password: $("login-password").value }),
      });
      var body = await response.json().catch(function () { return {}; });
      if (!response.ok || !body.access_token) {
        error.textContent = body.error || body.detail || (body.errors && body.errors[0] && body.errors[0].detail) ||
          "The server answered " + response.status + ".";
        return;
      }
      window.localStorage.setItem(TOKEN_KEY, body.access_token);
      window.localStorage.setItem(EMAIL_KEY, $("login-email").value.trim());
      $("login-password").value = "";
      $("login-section").hidden = true;
      await openEditor();
    } catch (failure) {
      error.textContent = "The server could not be reached: " + failure.message;
    } finally {
      $("login-button").disabled = false;
    }
  }

  // ------------------------------------------------------------ editor
  function refuse(message) {
    $("editor").hidden = true;
    var refusal = $("refusal");
    refusal.textContent = "You cannot edit this event's forms. The server answered: " + message;
    refusal.hidden = false;
    showStatus(statusLine, "");
    document.body.dataset.ready = "refused";
  }

  async function openEditor() {
    $("account").hidden = false;
    $("account-email").textContent = window.localStorage.getItem(EMAIL_KEY) || "Logged in";
    $("refusal").hidden = true;
    showStatus(statusLine, "Loading the event's forms…");
    try {
      var eventDoc = await api("GET", eventPath);
      $("editor-title").textContent = "Custom forms of " + eventDoc.data.attributes.name;
      document.title = "Custom forms · " + eventDoc.data.attributes.name;
      // Who holds which role on this event is only for its co-organizers, the same people who may change
      // its forms: the API's answer here tells a stranger up front instead of at the first save.
      await api("GET", eventPath + "/users-events-roles?page%5Bsize%5D=1");
      await loadFields();
    } catch (failure) {
      if (failure.status === 401) {
        return; // logout() has already shown the login form
      }
      refuse(failure.message);
      return;
    }
    $("editor").hidden = false;
    showStatus(statusLine, "");
    document.body.dataset.ready = "editor";
  }

  async function loadFields() {
    var doc = await api("GET", eventPath + "/custom-forms?page%5Bsize%5D=0");
    fields = doc.data.map(function (item) { return { id: String(item.id), attrs: item.attributes }; });
    renderGroups();
  }

  function groupOf(form) {
    return fields
      .filter(function (field) { return field.attrs.form === form; })
      .sort(function (a, b) { return (a.attrs.position - b.attrs.position) || (Number(a.id) - Number(b.id)); });
  }

  function renderGroups() {
    var container = $("form-groups");
    container.replaceChildren();
    config.forms.forEach(function (form) {
      var section = document.createElement("section");
      section.className = "form-group card";
      section.dataset.form = form.value;
      var heading = document.createElement("h2");
      heading.textContent = form.label + " form";
      section.appendChild(heading);
      var group = groupOf(form.value);
      if (!group.length) {
        var empty = document.createElement("p");
        empty.className = "group-empty";
        empty.textContent = "No fields yet.";
        section.appendChild(empty);
      }
      var list = document.createElement("ol");
      list.className = "field-list";
      group.forEach(function (field, index) {
        list.appendChild(fieldRow(field, index, group.length));
      });
      section.appendChild(list);
      container.appendChild(section);
    });
  }

  function fieldRow(field, index, count) {
    var row = $("field-row-template").content.firstElementChild.cloneNode(true);
    var attrs = field.attrs;
    row.dataset.id = field.id;
    row.dataset.identifier = attrs["field-identifier"];
    row.querySelector(".field-name").textContent = attrs.name || attrs["field-identifier"];
    row.querySelector(".field-identifier").textContent = attrs["field-identifier"];
    row.querySelector(".field-type").textContent = attrs.type;
    var status = row.querySelector(".field-status");

    var included = row.querySelector(".toggle-included");
    var required = row.querySelector(".toggle-required");
    included.checked = Boolean(attrs["is-included"]);
    required.checked = Boolean(attrs["is-required"]);
    if (attrs["is-fixed"]) {
      // Fixed fields (a session's title, a speaker's name) are always asked and required.
      included.disabled = true;
      required.disabled = true;
      row.classList.add("is-fixed");
    }
    included.addEventListener("change", function () { toggle(field, included, "is-included", status); });
    required.addEventListener("change", function () { toggle(field, required, "is-required", status); });

    var up = row.querySelector(".move-up");
    var down = row.querySelector(".move-down");
    up.disabled = index === 0;
    down.disabled = index === count - 1;
    up.addEventListener("click", function () { move(field, -1, status); });
    down.addEventListener("click", function () { move(field, 1, status); });

    var editorBox = row.querySelector(".description-editor");
    var input = row.querySelector(".description-input");
    var preview = row.querySelector(".description-preview");
    var editButton = row.querySelector(".edit-description");
    input.value = attrs.description || "";
    renderPreview(preview, input.value);
    input.addEventListener("input", function () { renderPreview(preview, input.value); });
    editButton.addEventListener("click", function () {
      editorBox.hidden = !editorBox.hidden;
      editButton.setAttribute("aria-expanded", String(!editorBox.hidden));
      if (!editorBox.hidden) {
        input.focus();
      }
    });
    row.querySelector(".save-description").addEventListener("click", function () {
      save(field, { description: input.value }, status, "Description saved.");
    });

    var remove = row.querySelector(".delete-field");
    remove.hidden = !attrs["is-complex"];
    remove.addEventListener("click", function () { removeField(field, row, status); });
    return row;
  }

  async function save(field, attributes, status, confirmation) {
    showStatus(status, "Saving…");
    try {
      var doc = await api("PATCH", "/v1/custom-forms/" + field.id, fieldPayload(field.id, attributes));
      field.attrs = doc.data.attributes;
      showStatus(status, confirmation || "Saved.", "ok");
      return true;
    } catch (failure) {
      showStatus(status, failure.message, "error");
      return false;
    }
  }

  async function toggle(field, checkbox, attribute, status) {
    checkbox.disabled = true;
    var attributes = {};
    attributes[attribute] = checkbox.checked;
    var label = attribute === "is-included" ? "Included" : "Required";
    var ok = await save(field, attributes, status, label + (checkbox.checked ? " on." : " off.") + " Saved.");
    if (!ok) {
      checkbox.checked = !checkbox.checked; // show what the server still has
    }
    checkbox.disabled = false;
  }

  /** Swap with a neighbour; PATCH the positions that change (both, or the group renumbered if they tied). */
  async function move(field, step, status) {
    var group = groupOf(field.attrs.form);
    var from = group.indexOf(field);
    var to = from + step;
    if (to < 0 || to >= group.length) {
      return;
    }
    var positions = group.map(function (f) { return f.attrs.position; });
    var distinct = new Set(positions).size === positions.length;
    var slots = distinct ? positions : group.map(function (f, i) { return i; });
    var reordered = group.slice();
    reordered[from] = group[to];
    reordered[to] = group[from];
    showStatus(status, "Saving…");
    try {
      for (var i = 0; i < reordered.length; i += 1) {
        if (reordered[i].attrs.position !== slots[i]) {
          var doc = await api("PATCH", "/v1/custom-forms/" + reordered[i].id,
            fieldPayload(reordered[i].id, { position: slots[i] }));
          reordered[i].attrs = doc.data.attributes;
        }
      }
    } catch (failure) {
      showStatus(status, failure.message, "error");
      return;
    }
    renderGroups();
    var moved = document.querySelector('.field-row[data-id="' + field.id + '"] .field-status');
    if (moved) {
      showStatus(moved, "Moved. Saved.", "ok");
    }
  }

  async function removeField(field, row, status) {
    if (!window.confirm("Delete the field “" + (field.attrs.name || field.attrs["field-identifier"]) + "”?")) {
      return;
    }
    showStatus(status, "Deleting…");
    try {
      await api("DELETE", "/v1/custom-forms/" + field.id);
    } catch (failure) {
      showStatus(status, failure.message, "error");
      return;
    }
    fields = fields.filter(function (f) { return f !== field; });
    renderGroups();
    showStatus(statusLine, "Field deleted.", "ok");
  }

  // ------------------------------------------------------------ add a field
  function fillSelect(select, options) {
    options.forEach(function (option) {
      var node = document.createElement("option");
      node.value = option.value;
      node.textContent = option.label;
      select.appendChild(node);
    });
  }

  async function addField(event) {
    event.preventDefault();
    var form = $("add-field-form");
    var status = $("add-field-status");
    form.querySelectorAll(".field-error").forEach(function (node) { node.textContent = ""; });
    var kind = $("new-form").value;
    var group = groupOf(kind);
    var position = group.length ? Math.max.apply(null, group.map(function (f) { return f.attrs.position; })) + 1 : 0;
    var body = {
      data: {
        type: "custom-form",
        attributes: {
          form: kind,
          type: $("new-type").value,
          "field-identifier": $("new-identifier").value.trim(),
          name: $("new-name").value.trim(),
          "is-included": true,
          "is-required": false,
          position: position,
        },
        relationships: { event: { data: { type: "event", id: String(config.eventId) } } },
      },
    };
    $("add-field-button").disabled = true;
    showStatus(status, "Saving…");
    try {
      var doc = await api("POST", "/v1/custom-forms", body);
      fields.push({ id: String(doc.data.id), attrs: doc.data.attributes });
      renderGroups();
      $("new-identifier").value = "";
      $("new-name").value = "";
      showStatus(status, "Field “" + (doc.data.attributes.name || doc.data.attributes["field-identifier"]) +
        "” added to the " + formLabels[kind].toLowerCase() + " form.", "ok");
    } catch (failure) {
      var placed = false;
      failure.errors.forEach(function (error) {
        var name = attributeName(error.source && error.source.pointer);
        var slot = name && form.querySelector('[data-error-for="' + name + '"]');
        if (slot) {
          slot.textContent = error.detail || error.title;
          placed = true;
        }
      });
      showStatus(status, placed ? "Not saved: see the messages above." : failure.message, "error");
    } finally {
      $("add-field-button").disabled = false;
    }
  }

  // ------------------------------------------------------------ start
  fillSelect($("new-form"), config.forms);
  fillSelect($("new-type"), config.types.map(function (type) { return { value: type, label: type }; }));
  $("login-form").addEventListener("submit", login);
  $("add-field-form").addEventListener("submit", addField);
  $("logout-button").addEventListener("click", function () { logout("You have logged out."); });

  if (token()) {
    openEditor();
  } else {
    showLogin();
  }
})();
