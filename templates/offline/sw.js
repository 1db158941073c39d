/* ALMA Aula — the service worker (docs/offline.md). Plain JavaScript, no build step, no third-party fetch.

   It stores nothing by itself and caches no response on the way: a module is stored on the device only
   when its learner asks (static/js/offline.js, one cache per module and language). Every request goes to
   the network first, exactly as without this worker; only when the network fails does the worker answer
   from those stored modules, marking a page it serves that way (data-offline-copy on <html>) so the page
   says it is an offline copy. */
"use strict";

var STORE_PREFIX = "alma-offline-";   // complete copies: alma-offline-<module id>-<language>-<revision>
var ALIASES = "/offline/__aliases__"; // in each copy: another rendition's URL → the stored phone-sized one

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function storedCopies() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(STORE_PREFIX) === 0; });
  });
}

function matchIn(name, request) {
  return caches.open(name).then(function (cache) {
    return cache.match(request, { ignoreVary: true }).then(function (hit) {
      if (hit || request.destination !== "image") return hit;
      return cache.match(ALIASES).then(function (aliases) {
        if (!aliases) return undefined;
        return aliases.json().then(function (map) {
          var url = new URL(request.url);
          var stored = map[request.url] || map[url.pathname + url.search];
          return stored ? cache.match(stored) : undefined;
        });
      });
    });
  });
}

function fromStore(request) {
  return storedCopies().then(function (names) {
    return names.reduce(function (found, name) {
      return found.then(function (hit) { return hit || matchIn(name, request); });
    }, Promise.resolve(undefined));
  });
}

function markedAsOffline(response) {
  return response.text().then(function (html) {
    var headers = new Headers(response.headers);
    headers.set("X-Alma-Offline", "1");
    return new Response(html.replace(/<html\b/i, "<html data-offline-copy"), { status: 200, headers: headers });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  // Only this site's GETs: other sites' files are never stored, so they are left to the browser untouched.
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(fetch(request).catch(function (error) {
    return fromStore(request).then(function (hit) {
      if (!hit) throw error;  // not stored: the browser's own "no connection" page
      return request.mode === "navigate" ? markedAsOffline(hit) : hit;
    });
  }));
});

// Queued learning records are sent when the connection returns, even if no page of the site is open.
self.addEventListener("sync", function (event) {
  if (event.tag !== "alma-offline-sync") return;
  event.waitUntil(self.clients.matchAll({ includeUncontrolled: true }).then(function (clients) {
    clients.forEach(function (client) { client.postMessage({ type: "alma-sync" }); });
  }));
});
