/* ALMA Aula — study without a connection (docs/offline.md). Every page works without this file; alma.js
   loads it only where it is needed.

   - Says when a page is the copy stored on this device (or the browser is offline).
   - "Available offline" on a module page: stores the module's pages and files in Cache Storage (one cache
     per module and language, served by /sw.js when the network fails), its quiz draws in IndexedDB;
     updates the copy when a newer revision is published; removes it in one click.
   - Offline, a quiz is answered from the stored draw (no answer key unless the draw carries one) and
     "Mark as complete" is kept: both are queued with an id made here and the time the learner acted,
     then sent to /offline/sync/ when the device is back online (exactly once on the server).
   The service worker is registered only when a learner stores a module: nothing changes for the others. */
(function () {
  "use strict";
  var STORE_PREFIX = "alma-offline-", PARTIAL_PREFIX = "alma-partial-", ALIASES = "/offline/__aliases__";
  var SYNC_URL = "/offline/sync/", SYNC_BATCH = 50, CHECK_EVERY_MS = 60 * 60 * 1000;
  var root = document.documentElement;
  var lang = root.lang || "en";

  function isOfflineCopy() { return root.hasAttribute("data-offline-copy") || navigator.onLine === false; }

  function showBanner() {
    var banner = document.querySelector("[data-offline-banner]");
    if (banner) banner.hidden = !isOfflineCopy();
  }

  function fill(text, values) {
    return String(text || "").replace(/%\((\w+)\)s/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function bytesText(n) {
    var unit = n >= 1e9 ? ["gigabyte", 1e9] : n >= 1e6 ? ["megabyte", 1e6] : ["kilobyte", 1e3];
    return new Intl.NumberFormat(lang, { style: "unit", unit: unit[0], maximumFractionDigits: 1 })
      .format(Math.max(unit[1] === 1e3 ? 1 : 0, n / unit[1]));
  }

  function dateText(iso) {
    return new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function currentUser() {
    var marker = document.querySelector("[data-user]");
    return marker ? marker.getAttribute("data-user") : "";
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- IndexedDB: modules stored, quiz draws, the queue of records and those already synced -------------------
  var opening;
  function database() {
    opening = opening || new Promise(function (resolve, reject) {
      var request = indexedDB.open("alma-offline", 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        db.createObjectStore("modules", { keyPath: "key" });
        db.createObjectStore("draws", { keyPath: "quiz" });
        db.createObjectStore("queue", { keyPath: "id" });
        db.createObjectStore("synced", { keyPath: "id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return opening;
  }

  function inStore(name, mode, action) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(name, mode);
        var request = action(transaction.objectStore(name));
        transaction.oncomplete = function () { resolve(request ? request.result : undefined); };
        transaction.onerror = transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }
  var idb = {
    get: function (name, key) { return inStore(name, "readonly", function (s) { return s.get(key); }); },
    all: function (name) { return inStore(name, "readonly", function (s) { return s.getAll(); }); },
    put: function (name, value) { return inStore(name, "readwrite", function (s) { return s.put(value); }); },
    remove: function (name, key) { return inStore(name, "readwrite", function (s) { return s.delete(key); }); }
  };

  // --- Storing a module ------------------------------------------------------------------------------------
  function registerWorker() {
    return navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    });
  }

  function fetchJson(url, options) {
    return fetch(url, Object.assign({ credentials: "same-origin", headers: { Accept: "application/json" } }, options || {}))
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { ok: response.ok, status: response.status, body: body };
        });
      });
  }

  function copiesOf(key) {
    return caches.keys().then(function (names) {
      return names.filter(function (name) {
        return name.indexOf(STORE_PREFIX + key + "-") === 0 || name.indexOf(PARTIAL_PREFIX + key + "-") === 0;
      });
    });
  }

  function storeModule(key, manifestUrl, manifest, onProgress) {
    var urls = manifest.pages.map(function (p) { return p.url; })
      .concat(manifest.files.map(function (f) { return f.url; }))
      .filter(function (url, index, list) { return list.indexOf(url) === index; });
    var partialName = PARTIAL_PREFIX + key + "-" + manifest.revision;
    var finalName = STORE_PREFIX + key + "-" + manifest.revision;
    var stored = 0, partial;
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
    return registerWorker()
      .then(function () { return caches.delete(partialName); })
      .then(function () { return caches.open(partialName); })
      .then(function (cache) {
        partial = cache;
        return urls.reduce(function (previous, url, index) {
          return previous.then(function () {
            return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
              if (!response.ok || response.redirected) throw new Error(url + " " + response.status);
              return response.clone().blob().then(function (blob) {
                stored += blob.size;
                return partial.put(url, response);
              });
            }).then(function () { onProgress(index + 1, urls.length); });
          });
        }, Promise.resolve());
      })
      .then(function () {
        return partial.put(ALIASES, new Response(JSON.stringify(manifest.aliases || {}),
          { headers: { "Content-Type": "application/json" } }));
      })
      .then(function () { return storeDraws(manifest.quizzes || [], key); })
      .then(function () {  // only a complete copy is served: move it to its final name, then drop older copies
        return caches.delete(finalName).then(function () { return caches.open(finalName); }).then(function (final) {
          return partial.keys().then(function (requests) {
            return Promise.all(requests.map(function (request) {
              return partial.match(request).then(function (response) { return final.put(request, response); });
            }));
          });
        });
      })
      .then(function () { return copiesOf(key); })
      .then(function (names) {
        return Promise.all(names.filter(function (name) { return name !== finalName; })
          .map(function (name) { return caches.delete(name); }));
      })
      .then(function () {
        var record = {
          key: key, manifest: manifestUrl, revision: manifest.revision, bytes: stored, storedAt: new Date().toISOString(),
          checkedAt: Date.now(), title: manifest.module.title, url: manifest.module.url, user: currentUser(),
          quizzes: (manifest.quizzes || []).map(function (q) { return q.id; }),
          pages: manifest.pages.map(function (p) { return { id: p.id, kind: p.kind, title: p.title, url: p.url }; })
        };
        return idb.put("modules", record).then(function () { return record; });
      })
      .catch(function (error) {
        return caches.delete(partialName).then(function () { throw error; });
      });
  }

  function removeModule(key) {
    return idb.get("modules", key).then(function (record) {
      return copiesOf(key).then(function (names) {
        return Promise.all(names.map(function (name) { return caches.delete(name); }));
      }).then(function () {
        return Promise.all(((record && record.quizzes) || []).map(function (quiz) { return idb.remove("draws", quiz); }));
      });
    }).then(function () { return idb.remove("modules", key); });
  }

  // A fresh draw of each quiz for the signed-in learner (the anonymous read the module, without its quizzes).
  // A quiz with an attempt still waiting to sync keeps its draw: a new one would replace it on the server.
  function storeDraws(quizzes, moduleKey) {
    if (!currentUser()) return Promise.resolve();
    return idb.all("queue").then(function (queue) {
      var waiting = queue.map(function (entry) { return entry.quiz; });
      return quizzes.filter(function (quiz) { return waiting.indexOf(quiz.id) < 0; }).reduce(function (previous, quiz) {
        return previous.then(function () {
          return fetchJson(quiz.draw, { method: "POST", headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" } })
            .then(function (answer) {
              if (answer.ok) {
                return idb.put("draws", { quiz: quiz.id, module: moduleKey, user: currentUser(), data: answer.body,
                                           storedAt: new Date().toISOString() });
              }
              return idb.remove("draws", quiz.id);  // no attempt left, closed…: the quiz is not offered offline
            });
        });
      }, Promise.resolve());
    });
  }

  function refreshDraws() {
    return idb.all("modules").then(function (modules) {
      return modules.reduce(function (previous, module) {
        return previous.then(function () {
          return storeDraws(module.quizzes.map(function (id) { return { id: id, draw: "/offline/quizzes/" + id + "/draw/" }; }),
                            module.key);
        });
      }, Promise.resolve());
    });
  }

  // --- The "Available offline" panel of a module page, or of a track (its modules, each stored on its own) ----
  function modulePanel(panel) {
    var keys = panel.getAttribute("data-offline-module").trim().split(/\s+/);
    var manifestUrls = panel.getAttribute("data-manifest").trim().split(/\s+/);
    var say = function (name, values) { return fill(panel.getAttribute("data-msg-" + name), values || {}); };
    var part = function (name) { return panel.querySelector("[data-offline-" + name + "]"); };
    var save = part("save"), remove = part("remove"), status = part("status"), estimate = part("estimate");
    var progressBox = part("progress"), bar = progressBox.querySelector("progress"), progressText = part("progress-text");
    var manifests = [], records = [];  // by position in keys; a module that cannot be listed is left out
    panel.hidden = false;

    var total = function (list, field) { return list.reduce(function (sum, item) { return sum + (item ? item[field] : 0); }, 0); };
    var listed = function () { return keys.filter(function (key, i) { return manifests[i]; }); };

    function show() {
      var stored = records.filter(Boolean);
      var complete = stored.length > 0 && stored.length >= (manifests.length ? listed().length : keys.length);
      save.hidden = complete;
      remove.hidden = !stored.length;
      estimate.textContent = complete ? say("saved", { size: bytesText(total(stored, "bytes")),
        date: dateText(stored.map(function (r) { return r.storedAt; }).sort()[0]) }) : "";
    }

    function showEstimate() {
      var bytes = manifests.reduce(function (sum, m, i) { return sum + (m && !records[i] ? m.bytes : 0); }, 0);
      if (!bytes) return;
      var text = say("estimate", { size: bytesText(bytes) });
      if (!navigator.storage || !navigator.storage.estimate) { estimate.textContent = text; return; }
      navigator.storage.estimate().then(function (space) {
        var free = Math.max(0, space.quota - space.usage);
        estimate.textContent = text + " " + say(free < bytes ? "no-space" : "free", { free: bytesText(free) });
      });
    }

    // Stores the listed modules that are missing or out of date, one after the other.
    function download(reason) {
      var todo = keys.map(function (key, i) { return i; }).filter(function (i) {
        return manifests[i] && (!records[i] || records[i].revision !== manifests[i].revision);
      });
      var files = todo.map(function (i) { return manifests[i].pages.length + manifests[i].files.length; });
      var allFiles = files.reduce(function (a, b) { return a + b; }, 0), before = 0;
      save.disabled = true;
      progressBox.hidden = false;
      bar.value = 0;
      status.textContent = reason || "";
      return todo.reduce(function (previous, i, n) {
        return previous.then(function () {
          return storeModule(keys[i], manifestUrls[i], manifests[i], function (done) {
            bar.value = Math.round(100 * (before + done) / allFiles);
            progressText.textContent = say("progress", { done: before + done, total: allFiles });
          }).then(function (record) { records[i] = record; before += files[n]; });
        });
      }, Promise.resolve()).then(function () {
        status.textContent = say("done");
      }, function (error) {
        status.textContent = say("failed", { error: error.message });
      }).then(function () {
        show();
        save.disabled = false;
        progressBox.hidden = true;
      });
    }

    save.addEventListener("click", function () {
      if (navigator.onLine === false || !listed().length) { status.textContent = say("offline"); return; }
      download();
    });
    remove.addEventListener("click", function () {
      Promise.all(keys.map(removeModule)).then(function () {
        records = [];
        show();
        showEstimate();
        status.textContent = say("removed");
        save.focus();
      });
    });

    Promise.all(keys.map(function (key) { return idb.get("modules", key); })).then(function (stored) {
      records = stored;
      show();
      if (navigator.onLine === false) return undefined;
      return Promise.all(manifestUrls.map(function (url) {
        return fetchJson(url).then(function (answer) { return answer.ok ? answer.body : null; }, function () { return null; });
      })).then(function (answers) {
        manifests = answers;
        show();
        var outdated = records.some(function (r, i) { return r && manifests[i] && r.revision !== manifests[i].revision; });
        if (outdated) download(say("updating"));
        else showEstimate();
      });
    });
  }

  // Other pages check the stored modules' revisions now and then, and update a copy that is out of date.
  function checkStoredModules() {
    return idb.all("modules").then(function (modules) {
      return modules.filter(function (m) { return Date.now() - (m.checkedAt || 0) > CHECK_EVERY_MS; })
        .reduce(function (previous, record) {
          return previous.then(function () {
            return fetchJson(record.manifest).then(function (answer) {
              if (!answer.ok) return undefined;
              if (answer.body.revision !== record.revision) {
                return storeModule(record.key, record.manifest, answer.body, function () {});
              }
              record.checkedAt = Date.now();
              return idb.put("modules", record);
            });
          });
        }, Promise.resolve());
    });
  }

  // --- Offline quizzes -------------------------------------------------------------------------------------
  function quizForm(section, draw) {
    var say = function (name, values) { return fill(section.getAttribute("data-msg-" + name), values || {}); };
    var form = element("form", { novalidate: "" });
    draw.questions.forEach(function (question) {
      var name = "q" + question.position;
      var fieldset = element("fieldset", { "class": "question", id: "question-" + question.position });
      var legend = element("legend", { "class": "question__head" });
      legend.appendChild(element("span", { "class": "question__number" }, say("question", { number: question.position })));
      legend.appendChild(document.createTextNode(" "));
      legend.appendChild(element("span", { "class": "muted" }, say("points", { points: question.points })));
      fieldset.appendChild(legend);
      if (question.kind === "cloze") fieldset.appendChild(element("p", { "class": "muted" }, say("cloze")));
      var prompt = element("div", { "class": "question__prompt prose" + (question.kind === "cloze" ? " cloze" : "") });
      prompt.innerHTML = question.html;  // rendered by the server as the online quiz renders it
      fieldset.appendChild(prompt);
      if (question.image) {
        var figure = element("figure", { "class": "figure" });
        figure.appendChild(element("img", { src: question.image.url, alt: question.image.alt || "",
                                            width: question.image.width, height: question.image.height }));
        fieldset.appendChild(figure);
      }
      fieldset.appendChild(controls(question, name, say));
      form.appendChild(fieldset);
    });
    var submit = element("button", { type: "submit", "class": "button" }, draw.quiz.submit_label);
    form.appendChild(element("p", { "class": "actions" })).appendChild(submit);
    return form;
  }

  function choiceList(entries, type, name, inline) {
    var list = element("ul", { "class": "choices" + (inline ? " choices--inline" : "") });
    entries.forEach(function (entry) {
      var label = element("label");
      label.appendChild(element("input", { type: type, name: name, value: entry.id }));
      var text = element("span");
      text.innerHTML = entry.html;
      label.appendChild(document.createTextNode(" "));
      label.appendChild(text);
      list.appendChild(element("li")).appendChild(label);
    });
    return list;
  }

  function controls(question, name, say) {
    var box = document.createDocumentFragment();
    var kind = question.kind;
    if (kind === "single") box.appendChild(choiceList(question.choices, "radio", name));
    if (kind === "multiple") {
      box.appendChild(element("p", { "class": "muted" }, say("multiple")));
      box.appendChild(choiceList(question.choices, "checkbox", name));
    }
    if (kind === "truefalse") {
      box.appendChild(choiceList([{ id: "true", html: "" }, { id: "false", html: "" }], "radio", name, true));
      box.lastChild.querySelectorAll("span").forEach(function (span, index) {
        span.textContent = say(index ? "false" : "true");
      });
    }
    if (kind === "numeric" || kind === "short") {
      var field = element("div", { "class": "field" });
      field.appendChild(element("label", { "for": name }, say(kind === "numeric" ? "number" : "text")
        + (question.unit ? " — " + say("unit", { unit: question.unit }) : "")));
      field.appendChild(element("input", { type: "text", id: name, name: name, autocomplete: "off",
                                           inputmode: kind === "numeric" ? "decimal" : "text" }));
      if (kind === "numeric") field.appendChild(element("p", { "class": "helptext" }, say("number-help")));
      box.appendChild(field);
    }
    if (kind === "matching") {
      var table = element("table", { "class": "matching" });
      var head = table.appendChild(element("thead")).appendChild(element("tr"));
      head.appendChild(element("th", { scope: "col" }, say("item")));
      head.appendChild(element("th", { scope: "col" }, say("match")));
      var body = table.appendChild(element("tbody"));
      question.prompts.forEach(function (item) {
        var row = body.appendChild(element("tr"));
        var label = row.appendChild(element("th", { scope: "row" })).appendChild(element("label", { "for": name + "-" + item.id }));
        label.innerHTML = item.html;
        var select = row.appendChild(element("td")).appendChild(element("select", { id: name + "-" + item.id, name: name + "-" + item.id }));
        select.appendChild(element("option", { value: "" }, say("choose")));
        question.options.forEach(function (option) { select.appendChild(element("option", { value: option }, option)); });
      });
      box.appendChild(table);
    }
    if (kind === "ordering") {
      box.appendChild(element("p", { "class": "muted" }, say("ordering")));
      var list = element("ol", { "class": "ordering" });
      question.items.forEach(function (item, index) {
        var entry = list.appendChild(element("li"));
        entry.appendChild(element("label", { "for": name + "-" + item.id })).innerHTML = item.html;
        var select = entry.appendChild(element("select", { id: name + "-" + item.id, name: name + "-" + item.id }));
        question.items.forEach(function (other, n) {
          var option = select.appendChild(element("option", { value: n + 1 }, String(n + 1)));
          if (n === index) option.selected = true;
        });
      });
      box.appendChild(list);
    }
    return box;  // cloze: its gaps are controls inside question.html, named q<position>-g<n>
  }

  // The answers as the online submit form would send them (quizzes/definition/learner.py, answer_from_form).
  function answersOf(form, draw) {
    var data = new FormData(form), answers = {};
    draw.questions.forEach(function (question) {
      var name = "q" + question.position, kind = question.kind, value;
      if (kind === "multiple") value = data.getAll(name);
      else if (kind === "matching") {
        value = {};
        question.prompts.forEach(function (p) { if (data.get(name + "-" + p.id)) value[p.id] = data.get(name + "-" + p.id); });
      } else if (kind === "ordering") {
        value = question.items.map(function (item) { return { id: item.id, at: Number(data.get(name + "-" + item.id)) }; })
          .sort(function (a, b) { return a.at - b.at; });
        var positions = value.map(function (v) { return v.at; });
        if (positions.some(function (at, n) { return at !== n + 1; })) throw { position: question.position };
        value = value.map(function (v) { return v.id; });
      } else if (kind === "cloze") {
        value = {};
        (question.gaps || []).forEach(function (gap, n) {
          var gapName = name + "-g" + (n + 1), values = data.getAll(gapName);
          if (gap.multiple) { if (values.length) value[String(n + 1)] = values; }
          else if (values.length && values[values.length - 1]) value[String(n + 1)] = values[values.length - 1];
        });
      } else if (kind === "truefalse") value = data.get(name) === null ? null : data.get(name) === "true";
      else value = data.get(name);
      if (value !== null && value !== "" && !(Array.isArray(value) && !value.length)) answers[String(question.position)] = value;
    });
    return answers;
  }

  function offlineQuiz(section) {
    var quizId = Number(section.getAttribute("data-offline-quiz"));
    var status = section.querySelector("[data-offline-quiz-status]");
    var say = function (name) { return section.getAttribute("data-msg-" + name); };
    if (!isOfflineCopy()) return;
    idb.get("draws", quizId).then(function (stored) {
      section.hidden = false;
      // The online way in (start, resume) needs the server: hidden while this copy is offline.
      document.querySelectorAll("form[action$='/start/'], a[href*='/attempt/']").forEach(function (n) { n.hidden = true; });
      if (!stored || stored.user !== currentUser()) { status.textContent = say("none"); return; }
      var draw = stored.data;
      stored.startedAt = stored.startedAt || new Date().toISOString();
      idb.put("draws", stored);
      var form = quizForm(section, draw);
      section.querySelector("[data-offline-quiz-body]").appendChild(form);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var answers;
        try {
          answers = answersOf(form, draw);
        } catch (problem) {
          status.textContent = say("ordering-error");
          form.querySelector("#question-" + problem.position).scrollIntoView();
          return;
        }
        var record = { id: crypto.randomUUID(), type: "attempt", draw: draw.draw, answers: answers,
                       started_at: stored.startedAt, acted_at: new Date().toISOString() };
        queue(record, { quiz: quizId, title: draw.quiz.title }).then(function () {
          return idb.remove("draws", quizId);  // a draw is answered once
        }).then(function () {
          form.remove();
          status.textContent = say("queued");
          renderSyncLists();
        });
      });
    });
  }

  // --- "Mark as complete" offline ---------------------------------------------------------------------------
  function offlineCompletion(form) {
    // Reading time counts only while the page is visible, as online (static/js/visit.js); at most an hour.
    var visibleMs = 0, visibleSince = Date.now();
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") visibleMs += Date.now() - visibleSince;
      else visibleSince = Date.now();
    });
    form.addEventListener("submit", function (event) {
      if (!isOfflineCopy()) return;  // online: the form posts as usual
      event.preventDefault();
      var heading = document.querySelector("h1");
      var record = { id: crypto.randomUUID(), type: "lesson-completed",
                     page: Number(form.getAttribute("data-offline-complete")), acted_at: new Date().toISOString(),
                     seconds: Math.min(3600, Math.round((visibleMs + Date.now() - visibleSince) / 1000)) };
      queue(record, { title: heading ? heading.textContent.trim() : "" }).then(function () {
        var note = element("p", { "class": "status status--done", role: "status" }, form.getAttribute("data-msg-queued"));
        form.replaceWith(note);
        renderSyncLists();
      });
    });
  }

  // --- The queue and the sync ------------------------------------------------------------------------------
  function queue(record, about) {
    return idb.put("queue", Object.assign({ id: record.id, record: record, user: currentUser(), state: "waiting" }, about))
      .then(function () {  // Background Sync where the browser has it: sent even if no page of the site is open then
        navigator.serviceWorker.ready.then(function (registration) {
          if (registration.sync) return registration.sync.register("alma-offline-sync");
          return undefined;
        }).catch(function () {});
      });
  }

  var syncing = null;
  function sync() {
    var user = currentUser();
    if (navigator.onLine === false || syncing) return syncing || Promise.resolve();
    syncing = idb.all("queue").then(function (entries) {
      var waiting = entries.filter(function (e) { return e.state === "waiting" && e.user === user; });
      if (!waiting.length) return false;
      if (!user) { setSyncStatus("sign-in"); return false; }
      var batches = [];
      for (var i = 0; i < waiting.length; i += SYNC_BATCH) batches.push(waiting.slice(i, i + SYNC_BATCH));
      return batches.reduce(function (previous, batch) {
        return previous.then(function () { return sendBatch(batch); });
      }, Promise.resolve()).then(function () { setSyncStatus("sent"); return true; });
    }).then(function (sent) {
      return sent ? refreshDraws() : undefined;  // the device reconnected: fresh draws for the next offline attempts
    }).catch(function () {
      setSyncStatus("failed");
    }).then(function () {
      syncing = null;
      return renderSyncLists();
    });
    return syncing;
  }

  function sendBatch(batch) {
    var body = JSON.stringify({ records: batch.map(function (e) { return e.record; }) });
    return fetchJson(SYNC_URL, { method: "POST", body: body, headers: {
      "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() } })
      .then(function (answer) {
        // 400 with "rejected" still lists what was accepted: the server saved those (docs/offline.md).
        if (!answer.body || !Array.isArray(answer.body.accepted)) throw new Error(String(answer.status));
        var result = answer.body, byId = {};
        batch.forEach(function (e) { byId[e.id] = e; });
        var done = (result.accepted || []).concat(result.duplicates || []);
        return Promise.all(done.filter(function (id) { return byId[id]; }).map(function (id) {
          var entry = byId[id];
          entry.state = "synced";
          entry.syncedAt = new Date().toISOString();
          entry.result = (result.results || {})[id] || null;
          return idb.put("synced", entry).then(function () { return idb.remove("queue", id); });
        }).concat((result.rejected || []).filter(function (r) { return byId[r.id]; }).map(function (rejected) {
          var entry = byId[rejected.id];
          entry.state = "rejected";
          entry.error = rejected.error;
          return idb.put("queue", entry);
        })));
      });
  }

  function setSyncStatus(name) {
    document.querySelectorAll("[data-offline-sync]").forEach(function (section) {
      section.querySelector("[data-sync-status]").textContent = section.getAttribute("data-msg-" + name);
    });
  }

  function renderSyncLists() {
    var sections = document.querySelectorAll("[data-offline-sync]");
    if (!sections.length) return Promise.resolve();
    var user = currentUser();
    return Promise.all([idb.all("queue"), idb.all("synced")]).then(function (stores) {
      var mine = function (e) { return e.user === user; };
      var lists = {
        waiting: stores[0].filter(function (e) { return mine(e) && e.state === "waiting"; }),
        rejected: stores[0].filter(function (e) { return mine(e) && e.state === "rejected"; }),
        synced: stores[1].filter(mine).sort(function (a, b) { return a.syncedAt < b.syncedAt ? 1 : -1; }).slice(0, 20)
      };
      sections.forEach(function (section) {
        var say = function (name, values) { return fill(section.getAttribute("data-msg-" + name), values || {}); };
        section.hidden = !(lists.waiting.length || lists.rejected.length || lists.synced.length);
        Object.keys(lists).forEach(function (state) {
          var heading = section.querySelector("[data-sync-heading=" + state + "]");
          var list = section.querySelector("[data-sync-list=" + state + "]");
          heading.textContent = say(state, { count: lists[state].length });
          heading.hidden = list.hidden = !lists[state].length;
          list.textContent = "";
          lists[state].forEach(function (entry) {
            var item = list.appendChild(element("li", { "data-record": entry.id }));
            var what = entry.record.type === "attempt" ? "attempt" : "lesson";
            item.appendChild(document.createTextNode(say(what, { title: entry.title, date: dateText(entry.record.acted_at) })));
            if (entry.result && entry.result.score !== undefined && entry.result.score !== null) {
              item.appendChild(document.createTextNode(" · " + say("score", {
                score: new Intl.NumberFormat(lang, { style: "percent" }).format(entry.result.score) })));
            }
            if (entry.result && entry.result.url) {
              item.appendChild(document.createTextNode(" · "));
              item.appendChild(element("a", { href: entry.result.url }, say("result")));
            }
            if (state === "rejected") {
              item.appendChild(element("strong", { "class": "errorlist" }, " — " + entry.error));
              var discard = item.appendChild(element("button", { type: "button", "class": "link-button" }, say("discard")));
              discard.addEventListener("click", function () { idb.remove("queue", entry.id).then(renderSyncLists); });
            }
          });
        });
      });
    });
  }

  // --- Start ---------------------------------------------------------------------------------------------
  function start() {
    showBanner();
    window.addEventListener("online", function () { showBanner(); sync(); });
    window.addEventListener("offline", showBanner);
    if (!("serviceWorker" in navigator) || !window.caches || !window.indexedDB || !window.crypto || !crypto.randomUUID) return;
    document.querySelectorAll("[data-offline-module]").forEach(modulePanel);
    document.querySelectorAll("[data-offline-quiz]").forEach(offlineQuiz);
    document.querySelectorAll("[data-offline-complete]").forEach(offlineCompletion);
    document.querySelectorAll("[data-sync-now]").forEach(function (button) { button.addEventListener("click", sync); });
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "alma-sync") sync();
    });
    navigator.serviceWorker.getRegistration("/").then(function (registration) {
      if (!registration) return;  // this device never stored a module: nothing to check or send
      renderSyncLists();
      if (navigator.onLine !== false && !root.hasAttribute("data-offline-copy")) {
        sync().then(checkStoredModules);
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();  // loaded by alma.js once the page was read
})();
