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

/* "I have finished this lesson" posted without a connection: queued for the sync endpoint of
   the page's language, with the form's CSRF token; the trainee goes back to the lesson. */
var LESSON_DONE = "{% url 'courses:lesson_complete' 987654321 %}".replace(/^\/[^/]+/, "").split("987654321");
var SYNC = "{% url 'courses:offline_sync' %}".replace(/^\/[^/]+/, "");

function lessonDone(path) {
  var match = path.match(/^\/([^/]+)(\/.*)$/);
  if (!match || match[2].indexOf(LESSON_DONE[0]) !== 0) { return null; }
  var id = match[2].slice(LESSON_DONE[0].length);
  if (id.slice(id.length - LESSON_DONE[1].length) !== LESSON_DONE[1]) { return null; }
  id = id.slice(0, id.length - LESSON_DONE[1].length);
  return /^\d+$/.test(id) ? { lesson: id, sync: "/" + match[1] + SYNC } : null;
}

function queueLesson(request, done) {
  return request.formData().then(function (data) {
    return self.ctpsQueue.add({ kind: "lesson", payload: { lesson: done.lesson }, url: done.sync, csrf: data.get("csrfmiddlewaretoken") });
  }).then(function () {
    if (self.registration.sync) { self.registration.sync.register("ctps-sync").catch(function () {}); }
    return Response.redirect(request.referrer || self.location.origin + "/", 303);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (new URL(request.url).origin !== self.location.origin) { return; }
  var done = request.method === "POST" && lessonDone(new URL(request.url).pathname);
  if (done) {
    var copy = request.clone();
    event.respondWith(fetch(request).catch(function () { return queueLesson(copy, done); }));
    return;
  }
  if (request.method !== "GET") { return; }
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
  if (event.tag !== "ctps-sync") { return; }
  event.waitUntil(self.ctpsQueue.flush().then(function () {
    return self.clients.matchAll().then(function (pages) {
      pages.forEach(function (page) { page.postMessage("ctps-synced"); });
    });
  }));
});
