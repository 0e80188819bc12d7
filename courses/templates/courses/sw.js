/* CT Public Spaces Learning service worker, version __VERSION__ (a hash of this script).
   Pages come from the network first; offline, from the courses the trainee saved
   ("ctps-course-<id>" caches, filled by offline.js). Queued offline actions are sent by
   Background Sync where the browser has it. Nothing else is cached. */
"use strict";
importScripts("{{ queue_url|escapejs }}");

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function fromCache(request) {
  return caches.keys().then(function (names) {
    var saved = names.filter(function (name) { return name.indexOf("ctps-course-") === 0; });
    return saved.reduce(function (found, name) {
      return found.then(function (response) {
        return response || caches.open(name).then(function (cache) { return cache.match(request, { ignoreVary: true }); });
      });
    }, Promise.resolve(undefined));
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) { return; }
  if (new URL(request.url).pathname.indexOf("/admin/") === 0) { return; }
  event.respondWith(fetch(request).catch(function (error) {
    return fromCache(request).then(function (response) {
      if (response) { return response; }
      if (request.mode === "navigate") {
        return new Response(
          "<!DOCTYPE html><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
          "<title>Offline</title><h1>You are offline · Vous êtes hors ligne</h1>" +
          "<p>This page was not saved for offline use. · Cette page n'a pas été enregistrée pour une utilisation hors ligne.</p>" +
          "<p><a href='/'>CT Public Spaces Learning</a></p>",
          { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
      }
      throw error;
    });
  }));
});

self.addEventListener("sync", function (event) {
  if (event.tag === "ctps-sync") { event.waitUntil(self.ctpsQueue.flush()); }
});
